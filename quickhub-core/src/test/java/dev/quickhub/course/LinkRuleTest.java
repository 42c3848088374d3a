package dev.quickhub.course;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkRuleTest {

  @ParameterizedTest
  @CsvSource({
    "a,           b",
    "a,           ./b",
    "sub/a,       ../b",
    "sub/deep/a,  ../../b/c",
    "sub/a,       ..",
    "a,           sub//b/",
  })
  void linksThatStayInside(String name, String target) {
    assertThat(LinkRule.check(List.of(name.split("/")), target)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "a,           ..",
    "a,           ../b",
    "sub/a,       ../../b",
    "a,           /etc/passwd",
    "sub/a,       /home/s1/x",
    "a,           ''",
  })
  void linksThatLeave(String name, String target) {
    assertThat(LinkRule.check(List.of(name.split("/")), target))
        .isEqualTo(LinkRule.Problem.OUTSIDE);
  }

  @ParameterizedTest
  @CsvSource({
    "a,           d/..",
    "sub/a,       b/../../x",
    "sub/a,       ../b/../c",
  })
  void aClimbAfterAFolderNameIsRefused(String name, String target) {
    assertThat(LinkRule.check(List.of(name.split("/")), target))
        .isEqualTo(LinkRule.Problem.CLIMBS_BACK);
  }
}
