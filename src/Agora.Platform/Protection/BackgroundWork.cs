using Agora.Platform.Jobs;

namespace Agora.Platform.Protection;

/// <summary>Runs a job's DuckDB work on the thread pool while keeping the job's lease alive: the work reports its phase
/// into a field, and the job reports that field every few seconds, so a long anonymisation is not taken for a dead worker.</summary>
internal static class BackgroundWork
{
    public static async Task<T> RunAsync<T>(JobProgress progress, Func<Action<double, string>, T> work, CancellationToken cancellationToken)
    {
        var state = new Phase(0, "Starting");
        var task = Task.Run(() => work((fraction, message) => Volatile.Write(ref state, new Phase(fraction, message))), cancellationToken);
        while (true)
        {
            var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            if (finished == task || cancellationToken.IsCancellationRequested)
            {
                // On cancellation the work stops itself (its DuckDB commands are cancelled with the same token).
                return await task;
            }
            // Reported even when unchanged: the report is what extends the lease.
            var current = Volatile.Read(ref state);
            await progress.ReportAsync(current.Fraction, current.Message);
        }
    }

    private sealed record Phase(double Fraction, string Message);
}
