package dev.quickhub.z2jh;

import java.util.List;

/** DIR/README.md: the commands, in order, that move the hub onto a cluster. */
final class Z2jhReadme {

  private Z2jhReadme() {}

  static String text(Z2jhHub hub, List<Z2jhManifests.Load> loads) {
    String v = Z2jhConfig.CHART_VERSION;
    return """
        # quickhub hub %1$s on Zero to JupyterHub %2$s

        Written by `quickhub export z2jh`: %3$d accounts, %4$d shared folders, image `%5$s`.

        | file | what it is |
        |---|---|
        | `config.yaml` | the chart's values (no password hashes) |
        | `secret-passwords.yaml` | the Secret with each account's current password hash (mode 0600: keep it so) |
        | `claims.yaml` | a claim per home (named as KubeSpawner looks for it) and per shared folder |
        | `jobs/*.yaml` | one Job per archive, which loads it into its claim |
        | `data/*.tar.gz` | one archive per home and per shared folder, numeric owners and modes kept |
        | `load-data.sh` | streams each archive into its Job |

        Claims are twice today's use, in whole GiB, at least 1 GiB; new accounts get
        `singleuser.storage.capacity`. Shared folders' claims are `ReadWriteMany`: the cluster
        needs a storage class that offers it (NFS, CephFS, a cloud file store); give it with
        `storageClassName` in claims.yaml if it is not the default.

        ## Commands, in this order (namespace and release `jhub`)

        The image must be in a registry the cluster pulls from (`quickhub push`).

        ```shell
        helm repo add jupyterhub %6$s
        helm repo update
        kubectl create namespace jhub
        kubectl -n jhub apply -f secret-passwords.yaml
        kubectl -n jhub apply -f claims.yaml
        kubectl -n jhub apply -f jobs/
        ./load-data.sh jhub
        helm upgrade --install jhub jupyterhub/jupyterhub --namespace jhub --version %2$s --values config.yaml
        kubectl -n jhub get service proxy-public
        ```

        Then users log in at the proxy's address%7$s with their current passwords. A password is
        changed by replacing its line in the Secret (`kubectl -n jhub apply -f
        secret-passwords.yaml`): the hub reads it at each login. There is no `sudo` on the
        cluster; kernels for everyone belong in the image or a shared claim.

        After loading, `kubectl -n jhub delete -f jobs/` removes the finished Jobs.
        """
        .formatted(
            hub.name(),
            v,
            hub.users().size(),
            hub.shares().size(),
            hub.image(),
            Z2jhConfig.CHART_REPOSITORY,
            hub.domain()
                .map(d -> " (`https://" + d + "/` once its DNS name points there)")
                .orElse(""));
  }
}
