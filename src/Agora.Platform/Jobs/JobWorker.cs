using System.Threading.Channels;
using Agora.Platform.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agora.Platform.Jobs;

/// <summary>A job kind and the code that runs it. Handlers are resolved per job in their own scope.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Runs the job; returns the result as JSON. Throw <see cref="PlatformException"/> for a failure the
    /// requester must fix (not retried); any other exception is retried up to <see cref="JobQueue.MaxAttempts"/>.</summary>
    Task<JobOutcome> RunAsync(Job job, JobProgress progress, CancellationToken cancellationToken);
}

public sealed record JobOutcome(string? Result, string? Message);

/// <summary>Reports a running job's progress (and keeps its lease alive).</summary>
public sealed class JobProgress(Func<double, string?, Task> report)
{
    public Task ReportAsync(double fraction, string? message = null) => report(fraction, message);
}

/// <summary>Wakes the local worker as soon as a job is enqueued on this node; other nodes find it by polling.</summary>
public sealed class JobSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Runs queued jobs. Inside <c>agora serve</c> by default; the same code runs in <c>agora worker</c>.</summary>
public sealed partial class JobWorker(IServiceScopeFactory scopes, JobSignal signal, ILogger<JobWorker> logger) : BackgroundService
{
    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string[] kinds;
        using (var scope = scopes.CreateScope())
        {
            kinds = [.. scope.ServiceProvider.GetServices<IJobHandler>().Select(h => h.Kind)];
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                ran = await RunOneAsync(kinds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWorkerError(logger, e.GetType().FullName);
            }
            if (!ran)
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>Claims and runs one job; false when none was waiting.</summary>
    public async Task<bool> RunOneAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync(_workerId, kinds, cancellationToken);
        if (job is null)
        {
            return false;
        }
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == job.Kind);
        LogJobStarted(logger, job.Id, job.Kind, job.Attempts);
        var progress = new JobProgress(async (fraction, message) =>
        {
            // Progress goes through its own scope: the handler's DbContext may be in the middle of its own work.
            using var progressScope = scopes.CreateScope();
            var progressQueue = progressScope.ServiceProvider.GetRequiredService<JobQueue>();
            if (!await progressQueue.ReportAsync(job.Id, _workerId, fraction, message, cancellationToken))
            {
                throw new OperationCanceledException("The job's lease was lost.");
            }
        });
        try
        {
            var outcome = await handler.RunAsync(job, progress, cancellationToken);
            await queue.CompleteAsync(job.Id, _workerId, outcome.Result, outcome.Message, CancellationToken.None);
            LogJobSucceeded(logger, job.Id, job.Kind);
        }
        catch (PlatformException e)
        {
            await queue.FailAsync(job.Id, _workerId, e.Message, retry: false, CancellationToken.None);
            LogJobRefused(logger, job.Id, job.Kind);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await queue.FailAsync(job.Id, _workerId, "Interrupted by shutdown; it will run again.", retry: true, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            LogJobFailed(logger, job.Id, job.Kind, e.GetType().FullName);
            await queue.FailAsync(job.Id, _workerId, "The job failed unexpectedly; it is retried up to three times.", retry: true, CancellationToken.None);
        }
        return true;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) started, attempt {Attempt}")]
    private static partial void LogJobStarted(ILogger logger, Guid jobId, string kind, int attempt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) succeeded")]
    private static partial void LogJobSucceeded(ILogger logger, Guid jobId, string kind);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) refused its input")]
    private static partial void LogJobRefused(ILogger logger, Guid jobId, string kind);

    // Exception messages can quote cell values (a failed conversion names the value), so only the type is logged.
    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) failed with {ExceptionType}")]
    private static partial void LogJobFailed(ILogger logger, Guid jobId, string kind, string? exceptionType);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "The job worker hit {ExceptionType}")]
    private static partial void LogWorkerError(ILogger logger, string? exceptionType);
}
