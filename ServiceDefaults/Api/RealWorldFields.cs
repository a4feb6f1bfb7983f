namespace Blog.ServiceDefaults.Api;

/// The spec's nullable profile fields: an empty bio or image is answered `null`, never `""`.
public static class RealWorldFields
{
    public static string? OrNull(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
