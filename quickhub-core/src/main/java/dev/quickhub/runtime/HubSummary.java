package dev.quickhub.runtime;

/**
 * One line of {@code quickhub ls}.
 *
 * @param state the container's state ("running", "exited", ...), or "down" with volumes only
 * @param url where the hub answers, or empty when it has no container
 * @param users the number of user accounts, or -1 when the hub is not running
 * @param diskBytes the size of the hub's volumes, or -1 when the engine does not say
 * @param servers where its users' servers run, and how many user containers run
 */
public record HubSummary(
    String name, String state, String url, int users, long diskBytes, ServerCount servers) {}
