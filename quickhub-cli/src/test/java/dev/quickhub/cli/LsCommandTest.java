package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LsCommandTest {

  @Test
  void sizesReadLikeDf() {
    assertThat(LsCommand.size(-1)).isEqualTo("?");
    assertThat(LsCommand.size(0)).isEqualTo("0 KB");
    assertThat(LsCommand.size(1)).isEqualTo("1 KB");
    assertThat(LsCommand.size(813_056)).isEqualTo("794 KB");
    assertThat(LsCommand.size(5L * 1024 * 1024 + 512 * 1024)).isEqualTo("5.5 MB");
    assertThat(LsCommand.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.00 GB");
  }
}
