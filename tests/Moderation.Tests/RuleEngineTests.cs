using Blog.Moderation.Apis;
using Blog.Moderation.Model;

namespace Blog.Moderation.Tests;

public sealed class RuleEngineTests
{
    [Fact]
    public void Links_are_counted_by_their_start() =>
        Assert.Equal(3, RuleEngine.CountLinks("http://a.example https://b.example and www.c.example, not d.example"));

    static readonly TimeSpan OldAccount = TimeSpan.FromDays(30);

    static ModerationRules Rules(params BlockedWord[] words) => new() { BlockedWords = [.. words] };

    static RuleVerdict Evaluate(string body, ModerationRules? rules = null, TimeSpan? age = null, int lastMinute = 1, int copies = 1) =>
        RuleEngine.Evaluate(new CommentFacts(body, age ?? OldAccount, lastMinute, copies), rules ?? Rules());

    [Fact]
    public void A_clean_comment_needs_no_verdict() =>
        Assert.Equal(VerdictKind.None, Evaluate("Thanks, this was a good read. See https://example.com").Kind);

    [Fact]
    public void More_links_than_allowed_hold_the_comment()
    {
        var verdict = Evaluate("http://a.example http://b.example www.c.example");

        Assert.Equal(VerdictKind.Hold, verdict.Kind);
        Assert.Equal(["more than 2 links"], verdict.Reasons);
    }

    [Theory]
    [InlineData("Buy VIAGRA now")]
    [InlineData("Buy ＶＩＡＧＲＡ now")]
    [InlineData("Buy vіagra now")] // Cyrillic і
    [InlineData("Buy νiagra now")] // Greek ν
    [InlineData("Buy viágra now")]
    [InlineData("Buy v\u200Biagra now")]
    [InlineData("Buy v1agr@ now")]
    [InlineData("viagra!")]
    public void Blocked_words_are_found_whatever_letters_disguise_them(string body) =>
        Assert.Equal(VerdictKind.Reject, Evaluate(body, Rules(new BlockedWord("viagra", WordAction.Reject))).Kind);

    [Theory]
    [InlineData("A classic class assignment")]
    [InlineData("Passing the assessment")]
    public void Blocked_words_match_whole_words_only(string body) =>
        Assert.Equal(VerdictKind.None, Evaluate(body, Rules(new BlockedWord("ass", WordAction.Reject))).Kind);

    [Fact]
    public void A_rejecting_word_wins_over_holding_rules_and_every_rule_that_fired_is_named()
    {
        var verdict = Evaluate("casino http://a.example http://b.example http://c.example bonus",
            Rules(new BlockedWord("casino", WordAction.Hold), new BlockedWord("Bonus", WordAction.Reject)));

        Assert.Equal(VerdictKind.Reject, verdict.Kind);
        Assert.Equal(["blocked word: Bonus", "blocked word: casino", "more than 2 links"], verdict.Reasons);
    }

    [Fact]
    public void Flooding_holds_and_repeating_the_same_text_rejects()
    {
        Assert.Equal(VerdictKind.None, Evaluate("hi", lastMinute: 5).Kind);
        Assert.Equal(VerdictKind.Hold, Evaluate("hi", lastMinute: 6).Kind);
        Assert.Equal(VerdictKind.None, Evaluate("hi", copies: 2).Kind);
        Assert.Equal(VerdictKind.Reject, Evaluate("hi", copies: 3).Kind);
        Assert.Equal(VerdictKind.None, RuleEngine.Evaluate(new CommentFacts("hi", OldAccount, 60, 60), Rules(), contentOnly: true).Kind);
    }

    [Fact]
    public void A_link_from_a_new_or_unknown_account_is_held_but_plain_text_is_not()
    {
        Assert.Equal(VerdictKind.Hold, Evaluate("see https://example.com", age: TimeSpan.FromHours(2)).Kind);
        Assert.Equal(VerdictKind.Hold, RuleEngine.Evaluate(new CommentFacts("see https://example.com", null, 1, 1), Rules()).Kind);
        Assert.Equal(VerdictKind.None, Evaluate("no link here", age: TimeSpan.FromMinutes(1)).Kind);
        Assert.Equal(VerdictKind.None, RuleEngine.Evaluate(new CommentFacts("see https://example.com", null, 1, 1), new ModerationRules { NewAccountHours = 0 }).Kind);
    }

    [Fact]
    public void Copies_are_counted_regardless_of_case_spacing_and_disguise() =>
        Assert.Equal(RuleEngine.CopyKey("Great  POST\n, visit"), RuleEngine.CopyKey("great post , vіsit"));

    [Theory]
    [InlineData("30m", 30)]
    [InlineData("12h", 720)]
    [InlineData("7D", 10080)]
    public void Suspension_durations_read_minutes_hours_and_days(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), SuspensionsApi.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("3651d")]
    [InlineData("1w")]
    [InlineData("forever")]
    public void Bad_suspension_durations_are_refused(string text) =>
        Assert.Null(SuspensionsApi.ParseDuration(text));
}
