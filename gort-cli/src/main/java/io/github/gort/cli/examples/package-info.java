/**
 * The programs {@code gort run} bundles ({@code hello}, {@code spawn}, {@code syscalls}, {@code primes}, {@code
 * pingpong}, {@code pipeline}, {@code binarytrees}, {@code echoserver}, {@code httphello}, {@code panic}, {@code
 * deadlock}), written against the exported API only, as a user's program would be.
 */
package io.github.gort.cli.examples;
