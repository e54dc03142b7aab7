using System.Diagnostics;
using System.Globalization;
using Agora.Privacy.Anonymisation;

namespace Agora.Cli.Anonymisation;

/// <summary>Shows what a long run is doing on one rewritten stderr line, only when stderr is a terminal (scripts that
/// capture stderr see error messages only).</summary>
internal sealed class TerminalProgress : IProgress<AnonymisationProgress>
{
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private string _phase = "";

    public void Phase(string phase)
    {
        _phase = phase;
        Draw(phase + " …", force: true);
    }

    public void Report(AnonymisationProgress value)
    {
        var best = value.BestScore is { } score ? string.Create(CultureInfo.InvariantCulture, $", best score {score:0.######}") : "";
        Draw(string.Create(CultureInfo.InvariantCulture, $"{_phase}: {value.Checked} of {value.LatticeSize} transformations checked{best}"), force: false);
    }

    public void Done()
    {
        if (_enabled)
        {
            Console.Error.Write("\r\u001b[2K");
        }
    }

    private void Draw(string text, bool force)
    {
        if (!_enabled)
        {
            return;
        }
        var now = _clock.Elapsed;
        if (!force && now - _lastDraw < TimeSpan.FromMilliseconds(200))
        {
            return;
        }
        _lastDraw = now;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[2K[{now.TotalSeconds:0.0}s] {text}"));
    }
}
