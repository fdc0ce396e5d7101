package io.github.gort.agent;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's argument and GODEBUG: what parses, and errors that name the bad option and what to write. */
class AgentOptionsTest {
    private static final ClassLoader APP = ClassLoader.getSystemClassLoader();

    @Test
    void noArgumentMeansEverythingQuietly() {
        for (String args : new String[] {null, "", " ", ";;"}) {
            AgentOptions o = AgentOptions.parse(args, null);
            assertThat(o.verbose()).as("'%s'", args).isFalse();
            assertThat(o.asyncpreemptoff()).isFalse();
            assertThat(o.filter().toString()).isEqualTo("include=(all) exclude=[]");
        }
    }

    @Test
    void optionsSeparatedBySemicolons() {
        AgentOptions o = AgentOptions.parse(" include=com.example., org.acme.util. ;exclude=com.example.hot.; verbose",
                null);
        assertThat(o.verbose()).isTrue();
        assertThat(o.filter().toString())
                .isEqualTo("include=[com/example/, org/acme/util/] exclude=[com/example/hot/]");
        assertThat(o.filter().rewrites(null, APP, "org/acme/util/Strings")).isTrue();
        assertThat(o.filter().rewrites(null, APP, "com/example/hot/Spin")).isFalse();
    }

    @Test
    void repeatedIncludesAddUp() {
        AgentOptions o = AgentOptions.parse("include=a.;include=b.", null);
        assertThat(o.filter().toString()).isEqualTo("include=[a/, b/] exclude=[]");
    }

    @Test
    void anUnknownOptionIsNamedWithTheOnesThatExist() {
        for (String bad : List.of("verbos", "includes=com.example.", "Verbose", "exclude")) {
            assertThatThrownBy(() -> AgentOptions.parse("verbose;" + bad, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("gort-agent: unknown option '" + bad + "'; options are include=PREFIXES,"
                            + " exclude=PREFIXES and verbose, separated by ';'")
                    .hasMessageContaining(
                            "example: -javaagent:gort-agent.jar=exclude=com.example.hot.,org.acme.;verbose");
        }
    }

    @Test
    void anEmptyPrefixListSaysWhatToWrite() {
        for (String bad : List.of("include=", "exclude=", "include= , ,")) {
            assertThatThrownBy(() -> AgentOptions.parse(bad, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("gort-agent: '" + bad.trim() + "' names no package; give prefixes separated by ','"
                            + " (example: exclude=com.example.hot.,org.acme.)");
        }
    }

    /** A wildcard would silently match nothing (prefixes are compared as they are): say what to write instead. */
    @Test
    void aWildcardSaysToWriteThePrefix() {
        assertThatThrownBy(() -> AgentOptions.parse("include=org.acme.,com.example.*", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gort-agent: 'com.example.*' in 'include=org.acme.,com.example.*' is a pattern; give"
                        + " package prefixes, which take subpackages too: com.example. instead of com.example.*");
        assertThatThrownBy(() -> AgentOptions.parse("exclude=**", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("com.example. instead of **");
    }

    @Test
    void godebugAsyncpreemptoffAsGoReadsIt() {
        assertThat(AgentOptions.asyncpreemptoff(null)).isFalse();
        assertThat(AgentOptions.asyncpreemptoff("")).isFalse();
        assertThat(AgentOptions.asyncpreemptoff("asyncpreemptoff=1")).isTrue();
        assertThat(AgentOptions.asyncpreemptoff("asyncpreemptoff=0")).isFalse();
        assertThat(AgentOptions.asyncpreemptoff("gctrace=1, asyncpreemptoff = 1")).isTrue();
        assertThat(AgentOptions.asyncpreemptoff("asyncpreemptoff=1,asyncpreemptoff=0")).as("the last wins").isFalse();
        assertThat(AgentOptions.asyncpreemptoff("asyncpreemptoff")).as("no value").isFalse();
        assertThat(AgentOptions.asyncpreemptoff("xasyncpreemptoff=1")).isFalse();
        assertThat(AgentOptions.parse("verbose", "asyncpreemptoff=1").asyncpreemptoff()).isTrue();
    }
}
