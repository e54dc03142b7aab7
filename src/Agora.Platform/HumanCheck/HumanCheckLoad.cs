using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Agora.Platform.HumanCheck;

/// <summary>
/// How busy each network prefix and each action is, as challenges per minute (a sliding window made of the current and
/// the previous minute), and the difficulty tier that follows: 0 normal, 1 busy, 2 very busy. Counts live in this
/// node's memory: with several nodes each sees its share, which is enough to raise the price of a flood while keeping
/// the metadata store out of every challenge request.
/// </summary>
public sealed class HumanCheckLoad(IOptions<HumanCheckOptions> options, TimeProvider clock)
{
    private const int MaxTrackedKeys = 100_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one challenge for the prefix and the action; returns the tier the new challenge gets.</summary>
    public int RecordChallenge(string networkPrefix, string action)
    {
        var settings = options.Value;
        var prefixRate = Record("p:" + networkPrefix);
        var actionRate = Record("a:" + action);
        return Math.Max(
            Tier(prefixRate, settings.PrefixBusyPerMinute, settings.PrefixVeryBusyPerMinute),
            Tier(actionRate, settings.ActionBusyPerMinute, settings.ActionVeryBusyPerMinute));
    }

    /// <summary>Counts one event for any key (for example e-mailed links per address) and returns the rate per hour.</summary>
    public double RecordPerHour(string key) => Record("h:" + key, TimeSpan.FromHours(1));

    private static int Tier(double rate, int busy, int veryBusy) => rate > veryBusy ? 2 : rate > busy ? 1 : 0;

    private double Record(string key) => Record(key, TimeSpan.FromMinutes(1));

    private double Record(string key, TimeSpan length)
    {
        if (_windows.Count > MaxTrackedKeys)
        {
            Forget(length);
        }
        var now = clock.GetUtcNow();
        var window = _windows.GetOrAdd(key, _ => new Window());
        lock (window)
        {
            var slot = now.UtcTicks / length.Ticks;
            if (slot != window.Slot)
            {
                window.Previous = slot == window.Slot + 1 ? window.Current : 0;
                window.Current = 0;
                window.Slot = slot;
            }
            window.Current++;
            var elapsed = (double)(now.UtcTicks % length.Ticks) / length.Ticks;
            return window.Current + (window.Previous * (1 - elapsed));
        }
    }

    private void Forget(TimeSpan length)
    {
        var stale = clock.GetUtcNow().UtcTicks / length.Ticks - 1;
        foreach (var (key, window) in _windows)
        {
            if (window.Slot < stale)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window
    {
        public long Slot { get; set; }

        public long Current { get; set; }

        public long Previous { get; set; }
    }
}
