using Agora.Data.Discovery.Sketches;

namespace Agora.Data.Tests.Discovery;

public sealed class ValueHashSetTests
{
    [Fact]
    public void Add_TellsNewFromSeen_AndContainsFindsOnlyWhatWasAdded()
    {
        var set = new ValueHashSet();
        Assert.True(set.Add(42));
        Assert.True(set.Add(ulong.MaxValue));
        Assert.False(set.Add(42));
        Assert.False(set.Add(ulong.MaxValue));
        Assert.Equal(2, set.Count);
        Assert.True(set.Contains(42));
        Assert.True(set.Contains(ulong.MaxValue));
        Assert.False(set.Contains(43));
        Assert.False(set.Contains(0));
        Assert.Equal([42UL, ulong.MaxValue], set.Order());
    }

    [Fact]
    public void Zero_IsAValueLikeAnyOther()
    {
        // XxHash3 can return 0, which the table uses to mark an empty slot.
        var set = new ValueHashSet();
        Assert.False(set.Contains(0));
        Assert.True(set.Add(0));
        Assert.False(set.Add(0));
        Assert.True(set.Contains(0));
        Assert.Equal([0UL], set.ToArray());
        Assert.True(set.Add(7));
        Assert.Equal([0UL, 7UL], set.Order());
        Assert.Equal(new HashSet<ulong> { 0, 7 }, set.ToHashSet());
    }

    [Fact]
    public void Growth_KeepsEveryValue_AcrossManyDoublings()
    {
        var set = new ValueHashSet();
        // Sequential numbers and multiples of a power of two: patterns that would pile up in one run of slots if the
        // slot were taken from the low bits alone.
        var values = Enumerable.Range(0, 50_000).Select(i => (ulong)i).Concat(Enumerable.Range(1, 50_000).Select(i => (ulong)i << 20)).ToArray();
        foreach (var value in values)
        {
            set.Add(value);
        }
        var expected = values.ToHashSet();
        Assert.Equal(expected.Count, set.Count);
        Assert.All(expected, value => Assert.True(set.Contains(value)));
        Assert.False(set.Contains(50_000UL << 21));
        Assert.Equal(expected.Order(), set.Order());
    }

    [Fact]
    public void Clear_EmptiesTheSet_WhichThenWorksAsNew()
    {
        var set = new ValueHashSet();
        for (ulong i = 0; i < 1000; i++)
        {
            set.Add(i);
        }
        set.Clear();
        Assert.Empty(set);
        Assert.False(set.Contains(0));
        Assert.False(set.Contains(5));
        Assert.True(set.Add(5));
        Assert.Equal([5UL], set.ToArray());
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1_000)]
    [InlineData(3, 200_000)]
    public void RandomValues_BehaveExactlyAsAHashSet(int seed, int count)
    {
        // Seeded synthetic data; a small range of values makes many duplicates, full-range ones make none.
        var random = new Random(seed);
        var set = new ValueHashSet();
        var reference = new HashSet<ulong>();
        for (var i = 0; i < count; i++)
        {
            var value = random.Next(4) == 0 ? (ulong)random.Next(count / 2 + 1) : ((ulong)random.NextInt64() << 1) | (uint)random.Next(2);
            Assert.Equal(reference.Add(value), set.Add(value));
            var probe = (ulong)random.NextInt64();
            Assert.Equal(reference.Contains(probe), set.Contains(probe));
        }
        Assert.Equal(reference.Count, set.Count);
        Assert.Equal(reference.Order(), set.Order());
        Assert.True(reference.SetEquals(set.ToHashSet()));
    }
}
