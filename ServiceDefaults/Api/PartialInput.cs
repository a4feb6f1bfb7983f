using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace Blog.ServiceDefaults.Api;

/// A request body that remembers which fields its JSON named, so an update tells "not sent" (keep the
/// value) from "sent as null" (refused where the spec requires a value, a clear where it allows null).
/// A property records itself from its setter: `public string? Email { get; init => field = Given(value); }`.
public abstract class PartialInput
{
    readonly HashSet<string> given = new(StringComparer.Ordinal);

    protected T Given<T>(T value, [CallerMemberName] string property = "")
    {
        given.Add(property);
        return value;
    }

    /// Whether the JSON named the property (with any value, null included).
    public bool Has(string property) => given.Contains(property);

    /// Whether the JSON named any of the fields that record themselves.
    [JsonIgnore]
    public bool NamesAny => given.Count > 0;
}
