using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agora.Platform.Audit;

/// <summary>Signs the audit log's head once a minute when it moved, so the last entries before a quiet period are
/// covered by a signature too (truncating them would otherwise go unnoticed if the head counter were also rewritten).</summary>
public sealed class AuditCheckpointService(IServiceScopeFactory scopes, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().CheckpointAsync(stoppingToken);
        }
    }
}
