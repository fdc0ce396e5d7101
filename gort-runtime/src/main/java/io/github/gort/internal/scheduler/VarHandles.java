package io.github.gort.internal.scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one way gort's classes get a VarHandle for one of their fields, in a static initializer. A field that is
 * reached through a VarHandle is declared plain (not {@code volatile}) and accessed only through accessors named
 * for their mode ({@code statusAcquire}, {@code setStatusRelease}, {@code casStatus}): the mode is chosen at each
 * access, not by the declaration.
 */
public final class VarHandles {
    private VarHandles() {}

    /**
     * The VarHandle of the field {@code name} of type {@code type} declared in {@code owner}, looked up with
     * {@code lookup} (the owner's own {@code MethodHandles.lookup()}). A field that does not exist (renamed, or
     * its type changed) fails class initialization with an ExceptionInInitializerError that names it.
     */
    public static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("no VarHandle for field " + owner.getName() + "." + name + " of type "
                    + type.getName() + ": " + e);
        }
    }
}
