using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace Blog.ServiceDefaults.Api;

/// <summary>
/// A request body that remembers which fields its JSON named, so an update tells "not sent" (keep the
/// value) from "sent as null" (refused where the spec requires a value, a clear where it allows null).
/// A property records itself from its setter: `public string? Email { get; init =&gt; field = Given(value); }`.
/// </summary>
public abstract class PartialInput
{
    readonly HashSet<string> given = new(StringComparer.Ordinal);

    protected T Given<T>(T value, [CallerMemberName] string property = "")
    {
        given.Add(property);
        return value;
    }

    /// <summary>Whether the JSON named the property (with any value, null included).</summary>
    public bool Has(string property) => given.Contains(property);

    /// <summary>Whether the JSON named any of the fields that record themselves.</summary>
    [JsonIgnore]
    public bool NamesAny => given.Count > 0;
}
