package dev.quickhub.runtime;

import dev.quickhub.engine.EngineInfo;
import dev.quickhub.users.Account;
import java.util.List;

/**
 * What {@code quickhub status} shows of a hub.
 *
 * @param state the container's state ("running", "exited", ...), or "absent"
 * @param volumes the hub's volumes as "engine-name -> path", with "(missing)" for absent ones
 * @param accounts the user accounts, read from the running hub (empty when it is not running)
 * @param engine the engine the hub is on (or would be)
 * @param servers where its users' servers run, and how many user containers run
 */
public record HubStatus(
    String name,
    String state,
    String url,
    String imageId,
    String base,
    String baseCreated,
    List<String> volumes,
    List<Account> accounts,
    EngineInfo engine,
    ServerCount servers) {}
