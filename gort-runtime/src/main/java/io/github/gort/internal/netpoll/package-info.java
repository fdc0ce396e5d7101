/**
 * The network poller (Go: runtime/netpoll.go, netpoll_epoll.go): {@link io.github.gort.internal.netpoll.PollDesc},
 * one socket's read and write waiters and deadlines, and {@link io.github.gort.internal.netpoll.NetPoll}, the
 * runtime's NIO selector that the scheduler polls. Only this package touches NIO's selection keys.
 */
package io.github.gort.internal.netpoll;
