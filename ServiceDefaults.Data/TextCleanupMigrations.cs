using Microsoft.EntityFrameworkCore.Migrations;

namespace Blog.ServiceDefaults;

/// <summary>
/// Migrations that remove from stored text what `TextRules` now refuses: C0 and C1 control characters
/// (multi-line columns keep line breaks and tabs). PostgreSQL never stored a NUL.
/// </summary>
public static class TextCleanupMigrations
{
    const string SingleLine = @"[\x01-\x1F\x7F-\x9F\uFFFE\uFFFF]";
    const string MultiLine = @"[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF]";

    public static void StripControlCharacters(this MigrationBuilder migration, string table, string column, bool multiline = false)
    {
        var pattern = multiline ? MultiLine : SingleLine;
        migration.Sql($"UPDATE {table} SET {column} = regexp_replace({column}, '{pattern}', '', 'g') WHERE {column} ~ '{pattern}';");
    }

    /// <summary>The same for each element of a `text[]` column.</summary>
    public static void StripControlCharactersFromArray(this MigrationBuilder migration, string table, string column)
    {
        migration.Sql($"UPDATE {table} SET {column} = ARRAY(SELECT regexp_replace(e, '{SingleLine}', '', 'g') FROM unnest({column}) AS e) " +
            $"WHERE array_to_string({column}, ' ') ~ '{SingleLine}';");
    }
}
