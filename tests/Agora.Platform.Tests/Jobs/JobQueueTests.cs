using Agora.Platform.Jobs;
using Agora.Platform.Metadata;
using Agora.Platform.Tests.Accounts;
using Agora.Platform.Tests.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Platform.Tests.Jobs;

public sealed class JobQueueTests
{
    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_ManyWorkersAtOnce_EachJobGoesToExactlyOne(MetadataProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        for (var i = 0; i < 10; i++)
        {
            await store.WithAsync(s => s.GetRequiredService<JobQueue>().EnqueueAsync("test", "{}", "user", null, CancellationToken.None));
        }
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (await store.WithAsync(s => s.GetRequiredService<JobQueue>().ClaimAsync($"worker-{w}", ["test"], CancellationToken.None)) is { } job)
            {
                mine.Add(job.Id);
            }
            return mine;
        })));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(10, all.Count);
        Assert.Equal(10, all.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_AfterTheLeaseOfADeadWorkerRunsOut_GivesTheJobToAnother(MetadataProvider provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var store = await TestStore.CreateAsync(provider, clock);
        var queued = await store.WithAsync(s => s.GetRequiredService<JobQueue>().EnqueueAsync("test", "{}", "user", null, CancellationToken.None));
        Assert.NotNull(await store.WithAsync(s => s.GetRequiredService<JobQueue>().ClaimAsync("dead", ["test"], CancellationToken.None)));
        Assert.Null(await store.WithAsync(s => s.GetRequiredService<JobQueue>().ClaimAsync("alive", ["test"], CancellationToken.None)));

        clock.Advance(JobQueue.Lease + TimeSpan.FromSeconds(1));
        var reclaimed = await store.WithAsync(s => s.GetRequiredService<JobQueue>().ClaimAsync("alive", ["test"], CancellationToken.None));
        Assert.Equal(queued.Id, reclaimed!.Id);
        Assert.Equal(2, reclaimed.Attempts);
        Assert.False(await store.WithAsync(s => s.GetRequiredService<JobQueue>().ReportAsync(queued.Id, "dead", 0.5, null, CancellationToken.None)));
    }
}
