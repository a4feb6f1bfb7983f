using System.Text.Json;

namespace Blog.Messaging.Outbox;

/// <summary>
/// How an event's CLR type is written into and read back from an outbox row: the full name and
/// assembly name, without a version, so rows survive an upgrade of the contracts package.
/// </summary>
static class OutboxMessageTypes
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type? Resolve(string name) => Type.GetType(name, throwOnError: false);
}
