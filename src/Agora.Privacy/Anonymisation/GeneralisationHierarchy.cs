using System.Globalization;

namespace Agora.Privacy.Anonymisation;

/// <summary>
/// A value generalisation hierarchy for one attribute: every original value (a leaf) has one label per level, level 0
/// being the value itself and the last level usually <c>*</c>. Labels are integer-coded per level, so generalising a
/// leaf to a level is one array look-up.
/// </summary>
/// <remarks>A hierarchy is consistent: every row has the same number of levels, leaves are distinct, and a label at
/// level i always generalises to the same label at level i+1 (it is a tree). The constructor enforces this, because a
/// search over an inconsistent hierarchy is not monotonic and its results would be wrong.</remarks>
public sealed class GeneralisationHierarchy
{
    private readonly string[][] _labels;          // [level][code] -> label
    private readonly int[][] _generalise;         // [level][leaf] -> code at that level
    private readonly int[][] _leavesCovered;      // [level][code] -> number of leaves under the label
    private readonly Dictionary<string, int> _leafIndex;
    private int[][][]? _upward;                   // [from][to][codeAtFrom] -> code at to (lazily built)

    /// <summary>Creates a hierarchy from its rows: column 0 the original value, column i its label at level i.</summary>
    /// <exception cref="HierarchyException">Rows have different lengths, a leaf repeats, or a label generalises two ways.</exception>
    public GeneralisationHierarchy(string attribute, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(rows);
        Attribute = attribute;
        if (rows.Count == 0)
        {
            throw new HierarchyException($"{attribute}: the hierarchy is empty.");
        }
        var levels = rows[0].Count;
        if (levels == 0)
        {
            throw new HierarchyException($"{attribute}: the hierarchy's first row is empty.");
        }
        _labels = new string[levels][];
        _generalise = new int[levels][];
        _leavesCovered = new int[levels][];
        var codes = new Dictionary<string, int>[levels];
        var labelLists = new List<string>[levels];
        for (var level = 0; level < levels; level++)
        {
            codes[level] = new Dictionary<string, int>(StringComparer.Ordinal);
            labelLists[level] = [];
            _generalise[level] = new int[rows.Count];
        }
        // parent[level][code] = code at level+1, -1 until seen; firstRow remembers where, for the error message.
        var parent = new List<int>[levels];
        var parentRow = new List<int>[levels];
        for (var level = 0; level < levels; level++)
        {
            parent[level] = [];
            parentRow[level] = [];
        }
        for (var row = 0; row < rows.Count; row++)
        {
            var values = rows[row];
            if (values.Count != levels)
            {
                throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                    $"{attribute}: hierarchy row {row + 1} ('{(values.Count > 0 ? values[0] : string.Empty)}') has {values.Count} levels, row 1 has {levels}; every row needs the same number of levels."));
            }
            for (var level = 0; level < levels; level++)
            {
                var label = values[level] ?? string.Empty;
                if (!codes[level].TryGetValue(label, out var code))
                {
                    code = labelLists[level].Count;
                    codes[level].Add(label, code);
                    labelLists[level].Add(label);
                    parent[level].Add(-1);
                    parentRow[level].Add(row);
                }
                else if (level == 0)
                {
                    throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                        $"{attribute}: value '{label}' appears twice in the hierarchy (rows {parentRow[0][code] + 1} and {row + 1})."));
                }
                _generalise[level][row] = code;
                if (level > 0)
                {
                    var child = _generalise[level - 1][row];
                    var known = parent[level - 1][child];
                    if (known == -1)
                    {
                        parent[level - 1][child] = code;
                    }
                    else if (known != code)
                    {
                        throw new HierarchyException(string.Create(CultureInfo.InvariantCulture,
                            $"{attribute}: inconsistent hierarchy: '{labelLists[level - 1][child]}' at level {level - 1} generalises to both '{labelLists[level][known]}' and '{label}' at level {level} (row {row + 1})."));
                    }
                }
            }
        }
        for (var level = 0; level < levels; level++)
        {
            _labels[level] = [.. labelLists[level]];
            _leavesCovered[level] = new int[_labels[level].Length];
            foreach (var code in _generalise[level])
            {
                _leavesCovered[level][code]++;
            }
        }
        _leafIndex = codes[0];
    }

    /// <summary>The attribute this hierarchy generalises.</summary>
    public string Attribute { get; }

    /// <summary>Number of levels, including level 0 (the original values).</summary>
    public int Levels => _labels.Length;

    /// <summary>The highest level.</summary>
    public int MaxLevel => _labels.Length - 1;

    /// <summary>Number of original values (rows of the hierarchy).</summary>
    public int LeafCount => _labels[0].Length;

    /// <summary>The original values, in hierarchy order; a leaf's index is its code.</summary>
    public IReadOnlyList<string> Leaves => _labels[0];

    /// <summary>Number of distinct labels at a level.</summary>
    public int Cardinality(int level) => _labels[level].Length;

    /// <summary>The code at <paramref name="level"/> of a leaf.</summary>
    public int Generalise(int level, int leaf) => _generalise[level][leaf];

    /// <summary>The leaf → code map of a level (do not modify).</summary>
    internal int[] GeneralisationMap(int level) => _generalise[level];

    /// <summary>The label of a code at a level.</summary>
    public string Label(int level, int code) => _labels[level][code];

    /// <summary>The labels of a level, indexed by code.</summary>
    public IReadOnlyList<string> LabelsAt(int level) => _labels[level];

    /// <summary>How many leaves of the hierarchy a label covers: ARX's domain share of a label is this divided by
    /// <see cref="LeafCount"/>.</summary>
    public int LeavesCovered(int level, int code) => _leavesCovered[level][code];

    /// <summary>The index of an original value, or -1 when the hierarchy does not contain it.</summary>
    public int LeafIndexOf(string value) => _leafIndex.TryGetValue(value, out var index) ? index : -1;

    /// <summary>The rows of the hierarchy (leaf, label at level 1, …), as the ARX CSV format stores them.</summary>
    public IEnumerable<string[]> Rows()
    {
        for (var leaf = 0; leaf < LeafCount; leaf++)
        {
            var row = new string[Levels];
            for (var level = 0; level < Levels; level++)
            {
                row[level] = _labels[level][_generalise[level][leaf]];
            }
            yield return row;
        }
    }

    /// <summary>Maps a code at level <paramref name="from"/> to its code at level <paramref name="to"/> (to ≥ from).</summary>
    internal int[] Upward(int from, int to)
    {
        // Evaluations on several threads may ask at once: the maps are built once and published safely.
        var upward = LazyInitializer.EnsureInitialized(ref _upward, BuildUpward);
        return upward[from][to];
    }

    private int[][][] BuildUpward()
    {
        var result = new int[Levels][][];
        for (var from = 0; from < Levels; from++)
        {
            result[from] = new int[Levels][];
            for (var to = from; to < Levels; to++)
            {
                var map = new int[Cardinality(from)];
                for (var leaf = 0; leaf < LeafCount; leaf++)
                {
                    map[_generalise[from][leaf]] = _generalise[to][leaf];
                }
                result[from][to] = map;
            }
        }
        return result;
    }
}

/// <summary>A hierarchy that cannot be read, built or used; the message names the attribute and the problem.</summary>
public sealed class HierarchyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HierarchyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public HierarchyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HierarchyException()
    {
    }
}
