namespace Agora.Privacy.Detection;

/// <summary>Extra facts about a value that sharpen the column decision.</summary>
public enum AuxiliarySignal
{
    /// <summary>A phone number written with its international prefix (+352…, 0049…).</summary>
    PhoneInternational = 20,

    /// <summary>A postcode written with its country letter (L-1234, D-12345).</summary>
    PostcodeLabelled = 21,

    /// <summary>The value contains a known given or family name.</summary>
    NameLexicon = 22,

    /// <summary>The value is running text (several words), scanned for embedded personal data.</summary>
    FreeText = 23,
}

/// <summary>What one value looks like, packed in 64 bits so that a column's evidence is a count per bit (and so that
/// DuckDB can carry it as a <c>UBIGINT</c>): bits 0–19 say the whole value is an entity, bits 20–27 are
/// <see cref="AuxiliarySignal"/>s, bits 32–51 say running text contains an entity, bits 56–63 hold the year of a date.</summary>
/// <param name="Bits">The packed signals.</param>
public readonly record struct ValueSignals(ulong Bits)
{
    /// <summary>Bit offset of "running text contains this entity".</summary>
    public const int ContainsOffset = 32;

    /// <summary>Bit offset of the year (year − 1849, so 0 means no date).</summary>
    public const int YearOffset = 56;

    /// <summary>The first year a date can carry.</summary>
    public const int FirstYear = 1850;

    /// <summary>The last year a date can carry.</summary>
    public const int LastYear = FirstYear + 254;

    /// <summary>The whole value is (or looks like) the entity.</summary>
    public bool Matches(PiiEntity entity) => (Bits & (1UL << (int)entity)) != 0;

    /// <summary>Running text contains the entity.</summary>
    public bool Contains(PiiEntity entity) => (Bits & (1UL << (ContainsOffset + (int)entity))) != 0;

    /// <summary>An auxiliary fact holds.</summary>
    public bool Has(AuxiliarySignal signal) => (Bits & (1UL << (int)signal)) != 0;

    /// <summary>The year when the value is a date without a time of day.</summary>
    public int? Year => (Bits >> YearOffset) is var stored and > 0 ? (int)stored + FirstYear - 1 : null;

    /// <summary>Adds a whole-value match.</summary>
    public ValueSignals With(PiiEntity entity) => new(Bits | (1UL << (int)entity));

    /// <summary>Adds an embedded match.</summary>
    public ValueSignals WithContained(PiiEntity entity) => new(Bits | (1UL << (ContainsOffset + (int)entity)));

    /// <summary>Adds an auxiliary fact.</summary>
    public ValueSignals With(AuxiliarySignal signal) => new(Bits | (1UL << (int)signal));

    /// <summary>Records the year of a date (ignored outside <see cref="FirstYear"/>–<see cref="LastYear"/>).</summary>
    public ValueSignals WithYear(int year) =>
        year is < FirstYear or > LastYear ? this : new((Bits & ~(0xFFUL << YearOffset)) | ((ulong)(year - FirstYear + 1) << YearOffset));
}
