package dev.quickhub.z2jh;

import static dev.quickhub.z2jh.Z2jhConfig.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects beside config.yaml: the Secret with the accounts' hashes, a claim for each
 * exported home (named as KubeSpawner will look for it) and share, and a Job per archive that loads
 * it into its claim before users log in.
 */
public final class Z2jhManifests {

  /** Where a Job mounts its claim, and the folder it waits on until the archive was unpacked. */
  static final String TARGET = "/target";

  static final String LOAD = "/load";

  private Z2jhManifests() {}

  /** One archive and the claim it fills. */
  public record Load(String archive, String claim, long bytes, List<String> accessModes) {

    /** The Job's name: a DNS label, at most 5 + 54 characters. */
    public String job() {
      return "load-" + claim;
    }
  }

  /** The claim of a shared folder, mounted by every user's server. */
  public static String shareClaim(String share) {
    return KubeSlug.safe("quickhub-share-" + share, 63);
  }

  /** The loads of {@code hub}: each home, then each share. */
  public static List<Load> loads(Z2jhHub hub) {
    List<Load> loads = new ArrayList<>();
    hub.users()
        .forEach(
            u ->
                loads.add(
                    new Load(
                        "data/home-" + u.name() + ".tar.gz",
                        KubeSlug.homeClaim(u.name()),
                        u.homeBytes(),
                        List.of("ReadWriteOnce"))));
    hub.shares()
        .forEach(
            s ->
                loads.add(
                    new Load(
                        "data/share-" + s.name() + ".tar.gz",
                        shareClaim(s.name()),
                        s.bytes(),
                        // Mounted by many users' servers, on any node.
                        List.of("ReadWriteMany"))));
    return loads;
  }

  /** secret-passwords.yaml: NAME:HASH lines, as the authenticator reads them. */
  public static String secret(Z2jhHub hub) {
    StringBuilder lines = new StringBuilder();
    hub.users().forEach(u -> lines.append(u.name()).append(':').append(u.hash()).append('\n'));
    return Z2jhConfig.write(
        map(
            "apiVersion", "v1",
            "kind", "Secret",
            "metadata", map("name", Z2jhConfig.SECRET, "labels", labels()),
            "type", "Opaque",
            "stringData", map("passwords", lines.toString())));
  }

  /** claims.yaml: every claim, sized twice today's use (whole GiB, at least 1 GiB). */
  public static String claims(Z2jhHub hub) {
    StringBuilder out = new StringBuilder();
    for (Load load : loads(hub)) {
      out.append("---\n")
          .append(
              Z2jhConfig.write(
                  map(
                      "apiVersion",
                      "v1",
                      "kind",
                      "PersistentVolumeClaim",
                      "metadata",
                      map("name", load.claim(), "labels", labels()),
                      "spec",
                      map(
                          "accessModes", load.accessModes(),
                          "resources",
                              map(
                                  "requests",
                                  map("storage", Z2jhConfig.capacityGib(load.bytes()) + "Gi"))))));
    }
    return out.toString();
  }

  /**
   * The Job of one load: as root (owners are kept), the claim at {@value #TARGET}; it waits until
   * load-data.sh has streamed the archive in and marked {@value #LOAD}/done.
   */
  public static String job(Load load, String image) {
    Map<String, Object> container =
        map(
            "name", "load",
            "image", image,
            "command",
                List.of("/bin/sh", "-c", "until [ -e " + LOAD + "/done ]; do sleep 2; done; sync"),
            "securityContext", map("runAsUser", 0, "runAsGroup", 0),
            "volumeMounts",
                List.of(
                    map("name", "target", "mountPath", TARGET),
                    map("name", "load", "mountPath", LOAD)));
    return Z2jhConfig.write(
        map(
            "apiVersion",
            "batch/v1",
            "kind",
            "Job",
            "metadata",
            map("name", load.job(), "labels", labels()),
            "spec",
            map(
                "backoffLimit",
                0,
                "template",
                map(
                    "metadata", map("labels", labels()),
                    "spec",
                        map(
                            "restartPolicy", "Never",
                            "containers", List.of(container),
                            "volumes",
                                List.of(
                                    map(
                                        "name",
                                        "target",
                                        "persistentVolumeClaim",
                                        map("claimName", load.claim())),
                                    map("name", "load", "emptyDir", map())))))));
  }

  /** load-data.sh: each archive into its Job's claim, one after the other. */
  public static String loadScript(List<Load> loads) {
    StringBuilder script =
        new StringBuilder(
            """
            #!/bin/sh
            # Loads each archive of data/ into its claim through its Job (jobs/), then lets the Job
            # end. Usage: ./load-data.sh NAMESPACE. Written by 'quickhub export z2jh'.
            set -eu
            ns=${1:?give the namespace, e.g. jhub}
            load() {
              kubectl -n "$ns" wait --for=condition=Ready pod -l "job-name=$1" --timeout=15m
              kubectl -n "$ns" exec -i "job/$1" -c load -- \\
                sh -c 'tar -xzpf - --numeric-owner -C %s && touch %s/done' <"$2"
              kubectl -n "$ns" wait --for=condition=complete "job/$1" --timeout=15m
              echo "$2: loaded"
            }
            """
                .formatted(TARGET, LOAD));
    loads.forEach(
        l ->
            script
                .append("load ")
                .append(shellQuoted(l.job()))
                .append(' ')
                .append(shellQuoted(l.archive()))
                .append('\n'));
    return script.toString();
  }

  /** {@code word} as one sh argument, taken literally: in single quotes, each ' as '\''. */
  static String shellQuoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static Map<String, Object> labels() {
    return map("app.kubernetes.io/managed-by", "quickhub");
  }
}
