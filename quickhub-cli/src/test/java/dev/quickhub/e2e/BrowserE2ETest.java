package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A new user's first minute in a real browser: Debian's chromium, driven by Selenium through
 * Debian's chromedriver (nothing is downloaded). Screenshots go to quickhub-cli/target/screenshots.
 */
class BrowserE2ETest {

  private static final Path SCREENSHOTS = Path.of("quickhub-cli", "target", "screenshots");

  @TempDir Path profile;

  @Test
  void user1LogsInOpensANotebookAndRunsACell() throws Exception {
    try (TestHub hub = new TestHub()) {
      Cli up = Cli.run(hub.args("up"));
      assertThat(up.exitCode()).as(up.err()).isZero();
      WebDriver browser = chromium();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(3));
        browser.get(hub.url() + "hub/login");
        screenshot(browser, "01-login.png");
        browser.findElement(By.id("username_input")).sendKeys("user1");
        browser.findElement(By.id("password_input")).sendKeys("user1");
        browser.findElement(By.id("login_submit")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".jp-Launcher")));
        assertThat(browser.getCurrentUrl()).contains("/user/user1/lab");
        screenshot(browser, "02-launcher.png");

        wait.until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".jp-LauncherCard[data-category='Notebook']")))
            .click();
        wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".jp-NotebookPanel .jp-Cell .cm-content")))
            .click();
        // A cell run before the kernel is connected can be dropped: wait until the status bar says
        // Idle.
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//*[contains(@class, 'jp-StatusBar-Widget') and contains(., 'Idle')]")));
        browser.switchTo().activeElement().sendKeys("print(6 * 7)");
        browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".jp-OutputArea-output"), "42"));
        screenshot(browser, "03-notebook.png");
        assertThat(browser.findElement(By.cssSelector(".jp-OutputArea-output")).getText().strip())
            .isEqualTo("42");
      } finally {
        screenshot(browser, "last.png");
        browser.quit();
      }
    }
  }

  private WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build();
    return new ChromeDriver(driver, options);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
