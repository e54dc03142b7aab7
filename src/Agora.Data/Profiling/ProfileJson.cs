using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agora.Data.Profiling;

/// <summary>The JSON form of a <see cref="TableProfile"/> (schema <c>agora.profile/1</c>, docs/profiling.md): camelCase
/// names, nulls written out so every field is always present, numbers as JSON numbers.</summary>
public static class ProfileJson
{
    /// <summary>The serializer options of the report.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as JSON text.</summary>
    public static string Serialize(TableProfile profile) => JsonSerializer.Serialize(profile, Options);

    /// <summary>Reads a report back.</summary>
    public static TableProfile? Deserialize(string json) => JsonSerializer.Deserialize<TableProfile>(json, Options);
}
