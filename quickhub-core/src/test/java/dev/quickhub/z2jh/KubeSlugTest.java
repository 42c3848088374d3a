package dev.quickhub.z2jh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KubeSpawner 7.0.0's slugs (the release chart 4.4.0 ships): its own test cases of safe_slug, and
 * the claims its _expand_user_properties gives (values computed with that release's slugs.py).
 */
class KubeSlugTest {

  @ParameterizedTest
  @CsvSource({
    "jupyter-alex, jupyter-alex",
    "jupyter-Alex, jupyter-alex---3a1c285c",
    "jupyter-üni, jupyter-ni---a5aaf5dd",
    "endswith-, endswith---165f1166",
    "user@email.com, user-email-com---0925f997",
    "user-_@_emailß.com, user-email-com---7e3a7efd",
    "has.dot, has-dot---03e27fdf",
    "z9, z9",
    "9z9, x-9z9---224de202",
    "-start, start---f587e2dc",
    "üser, ser---73506260",
    "username--servername, username-servername---d957f1de",
    "start---f587e2dc, start-f587e2dc---cc5bb9c9",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        + " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        + " xxxxxxxxxxxxxxxxxxxxx---7ce10097",
    "'', x---e3b0c442",
  })
  void safeSlugAsKubeSpawnersOwnTests(String name, String slug) {
    assertThat(KubeSlug.safe(name)).isEqualTo(slug);
  }

  @ParameterizedTest
  @CsvSource({
    "alice, claim-alice",
    "Ünïcode, claim-n-code---00b24be8",
    "a.b, claim-a-b---2e7336dc",
    "UPPER, claim-upper---9cba1c65",
    "_x, claim-x---a01e47cb",
    "a--b, claim-a-b---90827a2e",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, claim-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    // 46 characters still fit; 47 do not, with '--' and an empty server name: one hash over both.
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, claim-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, claim-xxxxxxxxxxxxxxxxx--x---cfcbdd85",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"
        + " claim-xxxxxxxxxxxxxxxxx--x---e68039bf",
    "Dr.Jürgen.Müller-Lüdenscheidt.of.the.faculty.of.physics,"
        + " claim-dr-j-rgen-m-ller--x---3ca5b3d8",
  })
  void claimsOfDefaultServers(String user, String claim) {
    assertThat(KubeSlug.homeClaim(user)).isEqualTo(claim);
    assertThat(KubeSlug.isValidObjectName(claim)).isTrue();
  }
}
