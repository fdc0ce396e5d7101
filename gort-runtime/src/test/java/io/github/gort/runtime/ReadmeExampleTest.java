package io.github.gort.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The example in README.md compiles and runs, as printed (the README is the source; nothing is copied here). */
class ReadmeExampleTest {
    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("```java\\n(// Hello\\.java.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("README.md has a ```java block starting with // Hello.java").isTrue();
        String source = m.group(1);
        assertThat(source.lines().filter(l -> !l.isBlank()).count()).as("the example stays short").isLessThanOrEqualTo(15);

        Path dir = Files.createTempDirectory("gort-readme");
        Files.writeString(dir.resolve("Hello.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                dir.resolve("Hello.java").toString());
        assertThat(rc).as("javac exit status").isZero();

        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", dir + java.io.File.pathSeparator + System.getProperty("java.class.path"), "Hello"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("exit status; output:\n" + out).isZero();
        assertThat(out).contains("hello from goroutine").contains("goroutines: ");
    }
}
