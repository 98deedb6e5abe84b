using Alliance.Testing;
using Microsoft.Playwright;

namespace Alliance.EndToEnd.Tests.Portal;

/// <summary>
/// Debian's Chromium driven by Playwright (its driver ships in the NuGet package; no browser is downloaded).
/// One browser for the run; each test takes a fresh context (cookies, language, clipboard permissions).
/// </summary>
public static class Browser
{
    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static string Executable => Environment.GetEnvironmentVariable("ALLIANCE_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<IBrowserContext> NewContext(string? locale = "en-GB", bool javaScript = true)
    {
        await Lock.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!File.Exists(Executable)) throw new FileNotFoundException($"Chromium not found at {Executable}: make test installs Debian's chromium (ALLIANCE_BROWSER=1 deploy/infra.sh up).");
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = Executable,
                    Headless = true,
                    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run"],
                });
            }
        }
        finally
        {
            Lock.Release();
        }
        return await _browser.NewContextAsync(new() { Locale = locale, JavaScriptEnabled = javaScript, ViewportSize = new() { Width = 1280, Height = 900 } });
    }

    /// <summary>A new page signed in through the sign-in form with a credential; it lands on the workspace.</summary>
    public static async Task<IPage> SignedIn(IBrowserContext context, string site, string clientId, string secret)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(site + "/signin");
        await page.GetByLabel("Client id").FillAsync(clientId);
        await page.GetByLabel("Secret").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(site + "/workspace");
        return page;
    }

    /// <summary>A full-page screenshot kept as a test artifact in .run/screenshots/.</summary>
    public static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(ServiceProcess.RepoRoot, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    private static int _holders;

    /// <summary>A platform fixture that may drive the browser holds it for its life (PlatformFixture).</summary>
    public static void Hold() => Interlocked.Increment(ref _holders);

    /// <summary>
    /// Let go: the last holder closes the browser. Platforms run side by side (CollectionOrder), so the first to end must
    /// not close the browser under another's test; one started later opens a new browser when it needs one.
    /// </summary>
    public static async Task Release()
    {
        if (Interlocked.Decrement(ref _holders) > 0) return;
        await Lock.WaitAsync();
        try
        {
            if (Volatile.Read(ref _holders) > 0) return;
            if (_browser is not null) await _browser.CloseAsync();
            _playwright?.Dispose();
            (_browser, _playwright) = (null, null);
        }
        finally
        {
            Lock.Release();
        }
    }
}
