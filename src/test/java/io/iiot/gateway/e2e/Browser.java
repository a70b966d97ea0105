package io.iiot.gateway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver ({@code .ci/install-deps} installs
 * both), with the flags that keep it off the network: no background services, no updates, a fresh profile.
 */
final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed: run .ci/install-deps (Debian packages chromium, chromium-driver)");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER)
                .toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 900));
        return new Browser(driver, profile);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Fills Hawtio's login form and waits until the console has left it. */
    void logIn(String user, String password) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id"))).sendKeys(user);
        driver.findElement(By.id("pf-login-password-id")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("pf-login-username-id")));
    }

    /** Clicks the first element whose own text is exactly {@code text}, once it is there. */
    void click(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//*[normalize-space(text())='" + text + "']"))).click();
    }

    /** Waits until the page shows {@code text}; on time-out, keeps a screenshot in target/ to see why. */
    void awaitText(String text) throws IOException {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.tagName("body")).getText()
                    .contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot(Path.of("target", "browser-timeout.png"));
            throw new AssertionError("the page never showed '" + text + "'; it shows: "
                    + driver.findElement(By.tagName("body")).getText().replace('\n', ' '), e);
        }
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
