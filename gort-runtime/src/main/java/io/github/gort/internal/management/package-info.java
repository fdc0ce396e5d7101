/**
 * How gort's MXBeans (io.github.gort.management) get into the platform MBean server: one name per runtime, and a
 * registration in the background that a short program never pays for ({@link
 * io.github.gort.internal.management.MBeanRegistration}).
 */
package io.github.gort.internal.management;
