using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Agora.Platform;
using Agora.Platform.HumanCheck;
using Agora.Platform.Keys;
using Agora.Privacy.Keys;
using Agora.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Agora.Bench;

/// <summary>
/// human-check: what the sign-up check costs each side, at the configured (normal-tier) challenge.
/// 1. Server: issuing a challenge (one PBKDF2 run) and verifying a solution (two HMACs), per operation.
/// 2. Attacker: a native .NET solver (the cheapest way to solve: PBKDF2 runs at the same speed in WebCrypto), attempts and
///    core-seconds per challenge, and so per 1,000 accepted submissions.
/// 3. People: the real ALTCHA widget served by Agora in headless Chromium, time from the form's focus to "verified".
/// Usage: human-check [--runs N] [--native N] [--chromium PATH]
/// </summary>
internal static class HumanCheckBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = (int)Option(args, "--runs", 15);
        var nativeRuns = (int)Option(args, "--native", 20);
        var chromium = OptionText(args, "--chromium") ?? Environment.GetEnvironmentVariable("AGORA_CHROMIUM") ?? "/usr/bin/chromium";
        var options = new HumanCheckOptions();
        using var keys = new PlatformKeys(Options.Create(new PlatformOptions { MasterKey = KeyRing.GenerateText() }), NullLogger<PlatformKeys>.Instance);
        var service = new HumanCheckService(keys, Options.Create(options), new HumanCheckLoad(Options.Create(options), TimeProvider.System), TimeProvider.System);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"challenge: PBKDF2/SHA-256 cost {options.Cost}, counter uniform in [1, {options.CounterRange}] (normal tier; busy ×{options.TierFactor}, very busy ×{options.TierFactor * options.TierFactor})"));

        // 1 + 2: native solves, then the server's costs on those solutions.
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        var solutions = new List<AltchaSolution>();
        long attempts = 0;
        var solving = Stopwatch.StartNew();
        for (var i = 0; i < nativeRuns; i++)
        {
            var challenge = service.Create("signup", 0, expires);
            var (counter, key, tried) = Solve(challenge);
            attempts += tried;
            solutions.Add(new AltchaSolution(challenge, counter, key));
        }
        solving.Stop();
        var perAttemptMs = solving.Elapsed.TotalMilliseconds / attempts;
        var meanAttempts = (double)attempts / nativeRuns;
        var expectedAttempts = (options.CounterRange + 1) / 2.0 + 1;

        const int issues = 200;
        var issuing = Stopwatch.StartNew();
        for (var i = 0; i < issues; i++)
        {
            service.Create("signup", 0, expires);
        }
        issuing.Stop();
        var verifications = 20_000;
        for (var i = 0; i < 1000; i++)
        {
            service.Check(solutions[i % solutions.Count], "signup");
        }
        var verifying = Stopwatch.StartNew();
        for (var i = 0; i < verifications; i++)
        {
            if (service.Check(solutions[i % solutions.Count], "signup") != HumanCheckOutcome.Passed)
            {
                throw new InvalidOperationException("a native solution was not accepted");
            }
        }
        verifying.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server: issue {issuing.Elapsed.TotalMilliseconds / issues:F2} ms per challenge, verify {verifying.Elapsed.TotalMicroseconds / verifications:F1} µs per solution (signature + key signature, no KDF); the single-use claim adds one INSERT in the metadata store"));
        var coreSecondsPer1000 = 1000 * expectedAttempts * perAttemptMs / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"attacker (native .NET, one core): {perAttemptMs:F3} ms per attempt, {meanAttempts:F0} attempts per challenge measured over {nativeRuns} (expected {expectedAttempts:F0}), {solving.Elapsed.TotalSeconds / nativeRuns:F2} s per solve"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"attacker per 1,000 accepted submissions: {coreSecondsPer1000:F0} core-seconds = {coreSecondsPer1000 / 3600:F3} core-hours (×{options.TierFactor} busy, ×{options.TierFactor * options.TierFactor} very busy); at 0.04 EUR per cloud core-hour: {coreSecondsPer1000 / 3600 * 0.04:F4} EUR"));

        // 3: the real widget in headless Chromium against a real Agora.
        var folder = Directory.CreateTempSubdirectory("agora-bench-human-");
        var app = AgoraWebApplication.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Agora:DataDirectory"] = folder.FullName,
                ["Agora:MasterKey"] = KeyRing.GenerateText(),
                ["Agora:RateLimits:Enabled"] = "false",
                // Every run comes from 127.0.0.1: keep the normal tier, as for people on different networks.
                ["Agora:HumanCheck:PrefixBusyPerMinute"] = "100000",
                ["Agora:HumanCheck:PrefixVeryBusyPerMinute"] = "100000",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            });
            var wall = new List<double>();
            var widget = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Urls.First() });
                var page = await context.NewPageAsync();
                await page.GotoAsync("/account/signup");
                var result = await page.EvaluateAsync<JsonElement>("""
                    () => new Promise(resolve => {
                        const started = performance.now();
                        document.querySelector('altcha-widget').addEventListener('statechange', e => {
                            if (e.detail.state === 'verified') resolve({ wall: performance.now() - started, payload: e.detail.payload });
                        });
                        document.querySelector('#name').focus();
                    })
                    """);
                var payload = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(result.GetProperty("payload").GetString()!))).RootElement;
                wall.Add(result.GetProperty("wall").GetDouble());
                widget.Add(payload.GetProperty("solution").GetProperty("time").GetDouble());
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"headless Chromium, {runs} solves ({Environment.ProcessorCount} cores): median {Median(wall) / 1000:F2} s from focus to verified (min {wall.Min() / 1000:F2}, max {wall.Max() / 1000:F2}); widget's own solve time median {Median(widget) / 1000:F2} s"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            folder.Delete(recursive: true);
        }
        return 0;
    }

    /// <summary>Scans counters from 0, as the widget and any solver must (the counter range is secret-uniform).</summary>
    private static (uint Counter, string Key, long Attempts) Solve(AltchaChallenge challenge)
    {
        var parameters = challenge.Parameters;
        var nonce = Convert.FromHexString(parameters.Nonce);
        var salt = Convert.FromHexString(parameters.Salt);
        for (uint counter = 0; ; counter++)
        {
            var key = Convert.ToHexStringLower(HumanCheckService.DeriveKey(nonce, salt, counter, parameters.Cost));
            if (key.StartsWith(parameters.KeyPrefix, StringComparison.Ordinal))
            {
                return (counter, key, counter + 1L);
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static long Option(string[] args, string name, long fallback) =>
        OptionText(args, name) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
