namespace Blog.ServiceDefaults.Api;

/// <summary>The spec's nullable profile fields: an empty bio or image is answered `null`, never `""`.</summary>
public static class RealWorldFields
{
    public static string? OrNull(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
