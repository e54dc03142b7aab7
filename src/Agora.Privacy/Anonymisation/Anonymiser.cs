using System.Globalization;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Anonymisation;

/// <summary>
/// The anonymisation engine: finds the transformation (one generalisation level per quasi-identifier, plus suppression
/// of the classes that fail a local model) that satisfies every privacy model with the least information loss, and
/// returns it with per-row output codes, quality and risk reports. Pure: columns in, codes and reports out.
/// </summary>
public static class Anonymiser
{
    private const long MinimumLatticeForWorkers = 64;

    /// <summary>Runs the search and builds the result.</summary>
    /// <exception cref="AnonymisationException">The request is wrong or no transformation satisfies the models.</exception>
    /// <exception cref="HierarchyException">A value is missing from its hierarchy.</exception>
    public static AnonymisationResult Run(AnonymisationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = request.TimeProvider.GetTimestamp();
        var problem = new PreparedProblem(request);
        var lattice = new GeneralisationLattice(problem.MinLevels, problem.MaxLevels);
        var optimal = request.Search switch
        {
            SearchStrategy.Optimal => true,
            SearchStrategy.BestEffort => false,
            _ => lattice.Size <= request.OptimalSearchLimit,
        };
        if (optimal && lattice.Size > int.MaxValue / 2)
        {
            throw new AnonymisationException(string.Create(CultureInfo.InvariantCulture,
                $"The lattice has {lattice.Size} transformations, too many for the optimal search; use the best-effort search."));
        }
        if (request.MaxDegreeOfParallelism is < 1)
        {
            throw new AnonymisationException("The degree of parallelism must be at least 1.");
        }
        // Other threads only pay when there is a search to share: not for a handful of transformations.
        var workers = request.MaxDegreeOfParallelism is { } degree ? degree - 1
            : lattice.Size >= MinimumLatticeForWorkers ? Environment.ProcessorCount - 1 : 0;
        SearchOutcome outcome;
        if (optimal)
        {
            using var search = new OptimalSearch(problem, lattice, workers, request.Progress, cancellationToken);
            outcome = search.Run();
        }
        else
        {
            outcome = new BestEffortSearch(problem, lattice, request.StepLimit ?? 5000, request.TimeLimit ?? TimeSpan.FromSeconds(60),
                request.TimeProvider, request.Progress, cancellationToken).Run();
        }
        if (outcome.Best is null)
        {
            var models = string.Join(", ", request.Models.Select(m => m.Describe()));
            var reason = outcome.Top.Violation ?? "a model fails";
            throw new AnonymisationException(string.Create(CultureInfo.InvariantCulture,
                $"No transformation satisfies {models} with at most {request.SuppressionLimit:0.##%} suppression: even the most general one fails ({reason})."));
        }
        var final = new NodeEvaluator(problem).Evaluate(outcome.Best.Levels, detailed: true);
        var rowClass = new int[problem.Rows];
        var tupleClass = final.TupleClass!;
        for (var row = 0; row < rowClass.Length; row++)
        {
            rowClass[row] = tupleClass[problem.RowToTuple[row]];
        }
        var riskBefore = ReidentificationRisk.FromClassSizes(InputClassSizes(problem), request.PopulationSize);
        var released = new SortedDictionary<long, long>();
        for (var c = 0; c < final.ClassSizes!.Length; c++)
        {
            if (final.ClassReleased![c])
            {
                var size = final.ClassSizes[c];
                released[size] = released.TryGetValue(size, out var n) ? n + 1 : 1;
            }
        }
        long? population = request.PopulationSize is { } p ? Math.Max(p, problem.Rows - final.Suppressed) : null;
        var riskAfter = ReidentificationRisk.FromClassSizes(released, population);
        var microaggregated = request.Microaggregation.Select(m => Microaggregate(m, rowClass, final.ClassReleased!)).ToArray();
        return new AnonymisationResult(request, problem, final, rowClass, outcome.Checked, lattice.Size, outcome.Optimal,
            riskBefore, riskAfter, microaggregated, request.TimeProvider.GetElapsedTime(started));
    }

    // The input's equivalence classes, from the distinct tuples already grouped (not from the rows again).
    private static SortedDictionary<long, long> InputClassSizes(PreparedProblem problem)
    {
        var tuples = problem.Base;
        var histogram = new SortedDictionary<long, long>();
        void Add(long size) => histogram[size] = histogram.TryGetValue(size, out var n) ? n + 1 : 1;
        if (tuples.Sensitive.Length == 0)
        {
            for (var t = 0; t < tuples.Count; t++)
            {
                Add(tuples.Counts[t]);
            }
            return histogram;
        }
        var grouping = RowGrouping.Group(tuples.Codes, [.. problem.Hierarchies.Select(h => h.LeafCount)], tuples.Count, null, tuples.Counts);
        for (var g = 0; g < grouping.Groups; g++)
        {
            Add(grouping.Sizes[g]);
        }
        grouping.Release();
        return histogram;
    }

    private static double[] Microaggregate(MicroaggregatedAttribute attribute, int[] rowClass, bool[] released)
    {
        var column = attribute.Column;
        var numbers = new double[column.Dictionary.Count];
        var used = new bool[numbers.Length];
        foreach (var code in column.Codes)
        {
            used[code] = true;
        }
        for (var code = 0; code < numbers.Length; code++)
        {
            if (used[code] && !double.TryParse(column.Dictionary[code], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[code]))
            {
                throw new AnonymisationException($"{column.Name}: '{column.Dictionary[code]}' is not a number, so it cannot be microaggregated.");
            }
        }
        var classes = released.Length;
        var values = new double[rowClass.Length];
        if (attribute.Function == MicroaggregationFunction.Mean)
        {
            var sums = new double[classes];
            var counts = new long[classes];
            for (var row = 0; row < rowClass.Length; row++)
            {
                sums[rowClass[row]] += numbers[column.Codes[row]];
                counts[rowClass[row]]++;
            }
            for (var row = 0; row < rowClass.Length; row++)
            {
                var c = rowClass[row];
                values[row] = released[c] ? sums[c] / counts[c] : double.NaN;
            }
            return values;
        }
        // Median: gather each class's values (counting sort by class), sort each run.
        var start = new int[classes + 1];
        foreach (var c in rowClass)
        {
            start[c + 1]++;
        }
        for (var c = 0; c < classes; c++)
        {
            start[c + 1] += start[c];
        }
        var fill = (int[])start.Clone();
        var gathered = new double[rowClass.Length];
        for (var row = 0; row < rowClass.Length; row++)
        {
            gathered[fill[rowClass[row]]++] = numbers[column.Codes[row]];
        }
        var medians = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            var run = gathered.AsSpan(start[c], start[c + 1] - start[c]);
            run.Sort();
            medians[c] = run.Length == 0 ? double.NaN
                : run.Length % 2 == 1 ? run[run.Length / 2]
                : (run[run.Length / 2 - 1] + run[run.Length / 2]) / 2;
        }
        for (var row = 0; row < rowClass.Length; row++)
        {
            var c = rowClass[row];
            values[row] = released[c] ? medians[c] : double.NaN;
        }
        return values;
    }
}

/// <summary>
/// The chosen transformation and what it does to every row. A row's released value of quasi-identifier q is
/// <see cref="OutputCode"/> (a code into <see cref="LabelsOf"/>), or −1 when the row is suppressed (written <c>*</c>).
/// </summary>
public sealed class AnonymisationResult
{
    private readonly GeneralisationHierarchy[] _hierarchies;
    private readonly int[][] _leafOfDictionaryCode;
    private readonly int[][] _columnCodes;
    private readonly long[] _classSizes;
    private readonly bool[] _classReleased;
    private readonly double[][] _microaggregated;

    internal AnonymisationResult(AnonymisationRequest request, PreparedProblem problem, NodeEvaluation final, int[] rowClass,
        long checkedTransformations, long latticeSize, bool optimal, RiskReport riskBefore, RiskReport riskAfter,
        double[][] microaggregated, TimeSpan elapsed)
    {
        Attributes = [.. request.QuasiIdentifiers.Select(q => q.Name)];
        Levels = final.Levels;
        Transformation = Attributes.Select((name, q) => (name, q)).ToDictionary(x => x.name, x => final.Levels[x.q], StringComparer.Ordinal);
        _hierarchies = problem.Hierarchies;
        _columnCodes = [.. request.QuasiIdentifiers.Select(q => q.Column.Codes)];
        _leafOfDictionaryCode = [.. request.QuasiIdentifiers.Select(q => q.Column.Dictionary.Select(v => Math.Max(0, q.Hierarchy.LeafIndexOf(v))).ToArray())];
        RowClass = rowClass;
        _classSizes = final.ClassSizes!;
        _classReleased = final.ClassReleased!;
        Suppressed = final.Suppressed;
        Classes = final.Classes;
        MinClassSize = final.MinClassSize;
        Metric = request.Metric;
        Quality = final.Quality!;
        Score = Quality.Of(Metric);
        Checked = checkedTransformations;
        LatticeSize = latticeSize;
        Optimal = optimal;
        RiskBefore = riskBefore;
        RiskAfter = riskAfter;
        MicroaggregatedAttributes = [.. request.Microaggregation.Select(m => m.Column.Name)];
        _microaggregated = microaggregated;
        Elapsed = elapsed;
        Models = [.. request.Models.Select(m => m.Describe())];
    }

    /// <summary>The quasi-identifiers, in request order.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>The chosen level of each quasi-identifier, in request order.</summary>
    public IReadOnlyList<int> Levels { get; }

    /// <summary>Attribute → chosen level.</summary>
    public IReadOnlyDictionary<string, int> Transformation { get; }

    /// <summary>The models that hold, described.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Records suppressed.</summary>
    public long Suppressed { get; }

    /// <summary>Equivalence classes of released records.</summary>
    public int Classes { get; }

    /// <summary>Size of the smallest released class.</summary>
    public long MinClassSize { get; }

    /// <summary>The optimised metric.</summary>
    public QualityMetric Metric { get; }

    /// <summary>Its value (lower is better).</summary>
    public double Score { get; }

    /// <summary>Every metric for the chosen transformation.</summary>
    public QualityReport Quality { get; }

    /// <summary>Transformations evaluated by the search.</summary>
    public long Checked { get; }

    /// <summary>Transformations in the lattice.</summary>
    public long LatticeSize { get; }

    /// <summary>True when the search was the optimal one.</summary>
    public bool Optimal { get; }

    /// <summary>Risk of the input on the quasi-identifiers.</summary>
    public RiskReport RiskBefore { get; }

    /// <summary>Risk of the released records.</summary>
    public RiskReport RiskAfter { get; }

    /// <summary>Microaggregated attributes, in request order.</summary>
    public IReadOnlyList<string> MicroaggregatedAttributes { get; }

    /// <summary>Time spent in the engine.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Equivalence class of each row (an index into the class lists; suppressed rows are in suppressed classes).</summary>
    public IReadOnlyList<int> RowClass { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => RowClass.Count;

    /// <summary>True when a row's quasi-identifiers are suppressed.</summary>
    public bool IsSuppressed(int row) => !_classReleased[RowClass[row]];

    /// <summary>The released labels of quasi-identifier <paramref name="qi"/> at its chosen level.</summary>
    public IReadOnlyList<string> LabelsOf(int qi) => _hierarchies[qi].LabelsAt(Levels[qi]);

    /// <summary>The released code of quasi-identifier <paramref name="qi"/> in a row, or −1 when suppressed.</summary>
    public int OutputCode(int qi, int row) =>
        IsSuppressed(row) ? -1 : _hierarchies[qi].Generalise(Levels[qi], _leafOfDictionaryCode[qi][_columnCodes[qi][row]]);

    /// <summary>The released text of quasi-identifier <paramref name="qi"/> in a row (<c>*</c> when suppressed).</summary>
    public string OutputLabel(int qi, int row)
    {
        var code = OutputCode(qi, row);
        return code < 0 ? HierarchyBuilders.Suppressed : LabelsOf(qi)[code];
    }

    /// <summary>For writers that map values in bulk: the released label of each value of the input column's dictionary
    /// (rows that are suppressed still get <c>*</c>, see <see cref="IsSuppressed"/>).</summary>
    public IReadOnlyList<string> LabelForDictionaryCode(int qi) =>
        [.. _leafOfDictionaryCode[qi].Select(leaf => _hierarchies[qi].Label(Levels[qi], _hierarchies[qi].Generalise(Levels[qi], leaf)))];

    /// <summary>The microaggregated value of attribute <paramref name="index"/> in a row (NaN when suppressed).</summary>
    public double MicroaggregatedValue(int index, int row) => _microaggregated[index][row];

    /// <summary>Sizes of all classes, released or not.</summary>
    public IReadOnlyList<long> ClassSizes => _classSizes;

    /// <summary>Whether each class is released.</summary>
    public IReadOnlyList<bool> ClassReleased => _classReleased;
}
