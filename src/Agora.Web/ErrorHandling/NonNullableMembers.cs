using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Agora.Web.ErrorHandling;

/// <summary>
/// Makes reading a JSON request body refuse a value that leaves a member declared non-nullable (<c>string</c>,
/// <c>List&lt;T&gt;</c>, a nested record…) null: the member was left out and has no default, was sent as <c>null</c>,
/// or is a list or dictionary with a <c>null</c> element the declaration does not allow.
/// </summary>
/// <remarks>
/// System.Text.Json fills such members with null without complaint, and the code behind them trusts the declaration,
/// so before this check a body like <c>{"columns":[{}]}</c> could end in a NullReferenceException (500) or store a
/// half-filled record. The check is a type-info modifier of the API's serializer options, so every endpoint and every
/// <c>ReadFromJsonAsync</c> with those options gets it without wiring, and it runs during model binding, before any
/// handler: the refusal reaches <see cref="PlatformExceptionHandler"/> as a 400 naming each field.
/// <para>Not <see cref="JsonSerializerOptions.RespectRequiredConstructorParameters"/> (it also demands nullable
/// parameters without a default) nor <see cref="JsonSerializerOptions.RespectNullableAnnotations"/> (it would also make
/// writing a response throw, and ignores list elements): a member with a default (<c>= []</c>, <c>= "x"</c>) may still
/// be left out, and only what the declaration says cannot be null is refused.</para>
/// </remarks>
public static class NonNullableMembers
{
    /// <summary>The modifier to add to a <see cref="DefaultJsonTypeInfoResolver"/>.</summary>
    public static void Reject(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.IsValueType)
        {
            return;
        }
        var context = new NullabilityInfoContext();
        var checks = new List<MemberCheck>();
        foreach (var property in typeInfo.Properties)
        {
            if (property.Get is null || Nullability(context, property.AttributeProvider) is not { } nullability)
            {
                continue;
            }
            if (IsRefusedWhenNull(nullability) || HasNonNullableElements(nullability))
            {
                // A C# 'required' member left out is reported here with its name, like one sent as null (the
                // serializer's own refusal names only the object).
                property.IsRequired = property.IsRequired && !IsRefusedWhenNull(nullability);
                checks.Add(new MemberCheck(property.Name, property.Get, nullability));
            }
        }
        if (checks.Count == 0)
        {
            return;
        }
        var previous = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            previous?.Invoke(value);
            var missing = new List<string>();
            foreach (var check in checks)
            {
                Collect(check.Get(value), check.Name, check.Nullability, missing);
            }
            if (missing.Count > 0)
            {
                throw new MissingMembersException(missing);
            }
        };
    }

    private static NullabilityInfo? Nullability(NullabilityInfoContext context, ICustomAttributeProvider? member) => member switch
    {
        PropertyInfo property => context.Create(property),
        FieldInfo field => context.Create(field),
        _ => null,
    };

    private static bool IsRefusedWhenNull(NullabilityInfo info) =>
        !info.Type.IsValueType && info.ReadState == NullabilityState.NotNull;

    private static NullabilityInfo? ElementOf(NullabilityInfo info) =>
        info.ElementType ?? (info.Type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(info.Type) && info.GenericTypeArguments.Length is 1 or 2
            ? info.GenericTypeArguments[^1]
            : null);

    private static bool HasNonNullableElements(NullabilityInfo info) =>
        ElementOf(info) is { } element && (IsRefusedWhenNull(element) || HasNonNullableElements(element));

    /// <summary>Adds the path of every null the declaration forbids, descending into lists and dictionaries (objects in
    /// them were checked by their own callback when they were read).</summary>
    private static void Collect(object? value, string path, NullabilityInfo info, List<string> missing)
    {
        if (value is null)
        {
            if (IsRefusedWhenNull(info))
            {
                missing.Add(path);
            }
            return;
        }
        if (ElementOf(info) is not { } element || value is string)
        {
            return;
        }
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                Collect(entry.Value, $"{path}.{entry.Key}", element, missing);
            }
            return;
        }
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                Collect(item, $"{path}[{index++}]", element, missing);
            }
        }
    }

    private sealed record MemberCheck(string Name, Func<object, object?> Get, NullabilityInfo Nullability);
}

/// <summary>A JSON body left members null that are declared non-nullable. <see cref="JsonException.Path"/> (set by the
/// serializer) is where the object holding them starts.</summary>
public sealed class MissingMembersException : JsonException
{
    public MissingMembersException(IReadOnlyList<string> members)
        : base("A value is required for: " + string.Join(", ", members) + ".") => Members = members;

    public MissingMembersException()
        : this([])
    {
    }

    public MissingMembersException(string message)
        : base(message) => Members = [];

    public MissingMembersException(string message, Exception innerException)
        : base(message, innerException) => Members = [];

    /// <summary>The members, relative to the object: <c>column</c>, <c>scopes[1]</c>, <c>title.en</c>.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The members as full paths from the body's root, without the leading <c>$.</c>: <c>columns[0].column</c>.</summary>
    public IEnumerable<string> Fields => Members.Select(m => JsonPaths.Join(Path, m));
}

/// <summary>JSON paths as the serializer writes them (<c>$.columns[0].name</c>), shown to callers without the <c>$</c>.</summary>
public static class JsonPaths
{
    /// <summary><paramref name="path"/> without its leading <c>$</c> and dot; empty for the root.</summary>
    public static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>A member below an object's path.</summary>
    public static string Join(string? objectPath, string member) =>
        Field(objectPath) is { Length: > 0 } parent ? member.StartsWith('[') ? parent + member : parent + "." + member : member;
}
