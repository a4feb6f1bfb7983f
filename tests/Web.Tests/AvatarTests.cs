using Blog.Web.Model;

namespace Blog.Web.Tests;

public sealed class AvatarTests
{
    [Theory]
    [InlineData("plum", "Professor Plum", "P")]
    [InlineData("li", "李白", "李")]
    [InlineData("emoji", "👩‍🚀 Ada", "👩‍🚀")]
    [InlineData("anna", "  ", "A")]
    [InlineData("", "", "?")]
    public void The_generated_picture_shows_the_first_letter_of_the_name(string username, string displayName, string initial) =>
        Assert.Equal(initial, new Avatar(username, displayName, null).Initial);

    [Fact]
    public void Each_account_keeps_its_own_colour_on_every_page()
    {
        Assert.Equal(new Avatar("plum", "A", null).Colour, new Avatar("plum", "B", null, 64).Colour);
        Assert.NotEqual(new Avatar("plum", "A", null).Colour, new Avatar("peacock", "A", null).Colour);
        Assert.Matches(@"^hsl\(\d{1,3} 55% 28%\)$", new Avatar("plum", "A", null).Colour);
    }
}
