package dev.quickhub.runtime;

/**
 * A throw-away hub made for CI: its name (for {@code down --ephemeral}), URL, and a user with an
 * API token. The token is a secret: print it only where asked.
 */
public record EphemeralHub(String name, String url, String user, String token) {}
