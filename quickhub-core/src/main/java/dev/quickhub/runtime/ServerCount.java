package dev.quickhub.runtime;

/**
 * Where a hub's users' servers run and, when each runs in its own container, how many of those
 * containers run (the engine counts them by label).
 *
 * @param running the running user containers, or -1 when servers are processes (not counted)
 */
public record ServerCount(Servers mode, int running) {}
