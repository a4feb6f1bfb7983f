using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blog.ServiceDefaults.Api;

/// <summary>
/// RealWorld clients expect `2026-11-28T21:03:07.000Z`: always UTC, always milliseconds, which
/// System.Text.Json drops when the fraction is zero.
/// </summary>
public sealed class JsonTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
