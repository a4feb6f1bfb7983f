namespace Blog.Demo;

public sealed record DemoBlogger(string Username, string DisplayName, string Bio, bool Featured = false);

public sealed record DemoComment(string Author, string Body, params DemoComment[] Replies);

public sealed record DemoPost(string Author, string Title, string Description, string Category, string[] Tags, string Body,
    DemoComment[] Comments, string[] Likes, string[] Handshakes);

/// What the demo site holds: a readers' blog of a city newspaper, its bloggers, their posts and the talk under them.
public static class DemoContent
{
    public static readonly DemoBlogger[] Bloggers =
    [
        new("lin.wei", "Lin Wei", "Transport reporter turned blogger. Rides the night bus so you don't have to.", Featured: true),
        new("margaret.okafor", "Margaret Okafor", "Retired schoolteacher, letter-writer, defender of public libraries."),
        new("tomas.novak", "Tomáš Novák", "Software developer. Writes about the tools we use and the ones that use us."),
        new("amina.haddad", "Amina Haddad", "Food, markets and the people behind the counter."),
        new("kenji.mori", "Kenji Mori", "Photographer. Collects staircases, street signs and overheard conversations."),
    ];

    /// A reader who has just registered: the link in their comment sends it to the moderation queue.
    public static readonly DemoBlogger Newcomer = new("fresh.reader", "Fresh Reader", "");

    public static readonly string[] Categories = ["Opinion", "City life", "Technology", "Culture"];

    public static readonly DemoPost[] Posts =
    [
        new("margaret.okafor", "The library is the last room in the city that asks nothing of you",
            "A branch library closes on Fridays now. Here is what we lose, and why the savings are not savings.",
            "Opinion", ["libraries", "budget", "public-space"],
            """
            On the first Friday the Eastside branch stayed shut, I counted eleven people at its door before ten o'clock.
            Two students with laptops, a man with a folder of job applications, a mother with a pushchair and a toddler
            who already knew where the picture books were. They read the notice, looked at each other, and left in
            eleven different directions. Nobody wrote to the council. I am writing for them.

            ## A room that asks nothing

            Every other room in this city wants something from us. The café wants us to buy a second coffee or give up
            the table. The shopping centre wants us to want things. Even the park, lovely as it is, wants good weather.
            The library asks for nothing: not money, not a reason, not a membership you can lose. You may sit there
            all afternoon and the only thing anyone will ask of you is to keep your voice down.

            That is not a small thing. It is, I would argue, the last piece of genuinely public space most of our
            neighbours can use on a weekday, indoors, warm, with a toilet and a socket and a person behind the desk
            whose job is to help.

            ## The arithmetic of a closed day

            The council's paper says closing Eastside on Fridays saves a little under two hundred thousand a year.
            It does not say where the eleven people went. Some went home, where the heating costs money. Some went to
            the job centre, which now has to print what the library would have printed. The students went to the
            café, where they will buy one coffee between them and be asked to move on. The mother went to the
            shopping centre, because it is dry.

            None of those costs appear in the paper, because they fall on other budgets, or on nobody's budget at all:
            on the man with the folder, who will send two applications this week instead of five.

            > A saving that moves a cost somewhere you cannot see it is not a saving. It is a transfer, usually
            > from people with time to people without it.

            ## What I am asking for

            I am not naïve about budgets. I taught for thirty-one years in schools that counted pencils. So here is
            a modest proposal:

            1. **Publish the footfall.** Eastside counts everyone who comes through the door. Put the Friday
               numbers next to the savings, every quarter, where we can read them.
            2. **Ask the people at the door.** A one-page survey on the desk for a month costs nothing.
            3. **Try volunteers before closure.** The Friends of Eastside have offered, twice, to staff a
               reading room on Fridays. Nobody has answered them.

            If, after all that, the numbers say Friday is empty, I will write another letter saying I was wrong.
            I do not expect to have to.

            *Margaret Okafor taught English at Northfield School from 1987 to 2018. She reads at Eastside every
            Tuesday and, until recently, every Friday.*
            """,
            [
                new("lin.wei", "The same thing happened to the night bus on route 14: the paper counted the driver's wages and nothing else. Thank you for the arithmetic.",
                    new DemoComment("margaret.okafor", "Route 14! My neighbour's son used it to get home from his shift. Now it is two buses and a walk."),
                    new DemoComment("tomas.novak", "Footfall data is exactly the kind of thing that should be open by default. I'd happily build the page.")),
                new("amina.haddad", "The market hall has a reading corner now, run by two retired librarians. Not the same, but it's warm and it's free."),
                new("kenji.mori", "I photographed the Eastside staircase last spring. It's the most beautiful public room in the district. Closing it on Fridays feels like switching off a lighthouse."),
            ],
            Likes: ["lin.wei", "amina.haddad", "kenji.mori", "tomas.novak"], Handshakes: ["lin.wei", "tomas.novak"]),

        new("lin.wei", "A night on the 14: what the last bus home tells you about a city",
            "From the terminus at 23:40 to the depot at 01:15, with the nurses, the cooks and one very tired violinist.",
            "City life", ["transport", "night", "buses"],
            """
            The last 14 leaves the hospital terminus at 23:40. I rode it end to end, four nights in a row.

            **Who rides.** Nurses coming off a late shift, kitchen staff from the restaurants on the square,
            cleaners heading *to* work, students, and on Thursday a violinist who had played three weddings and
            fell asleep on her case.

            **What they said.** Almost everyone had a plan B for when the route is cut in January, and almost
            every plan B was a taxi they cannot afford or a walk they would rather not take.

            **What it costs.** The route runs at a loss, as night buses do. The question is what we count as the
            return: a nurse who arrives rested, a cook who keeps the job.
            """,
            [
                new("margaret.okafor", "Beautifully observed. Please send this to the transport committee.",
                    new DemoComment("lin.wei", "I have. They said they'd \"take it into account\", which I'm told is progress.")),
                new("kenji.mori", "Can I come along next time? I'd love to photograph the depot at 1am."),
            ],
            Likes: ["margaret.okafor", "kenji.mori", "amina.haddad"], Handshakes: ["margaret.okafor"]),

        new("tomas.novak", "Your city's website does not need an app",
            "Five things a council website can do with plain HTML that would help more people than any app.",
            "Technology", ["web", "accessibility", "civic-tech"],
            """
            Every few years someone proposes a city app. Here are five things plain web pages do better:

            1. **Work on the phone people have**, not the one the agency tested on.
            2. **Work without JavaScript**, on a bad connection, in a library.
            3. **Be found by a search engine**, which is how most people look for the bin collection day.
            4. **Be read aloud** by a screen reader without a special mode.
            5. **Be linked to.** You cannot paste a screen of an app into a message to your neighbour.

            ```
            <form action="/bins" method="get">
              <label>Postcode <input name="postcode"></label>
              <button>When are my bins collected?</button>
            </form>
            ```

            That form is the whole app.
            """,
            [
                new("amina.haddad", "The bin-day form alone would save my mother three phone calls a month."),
                new("lin.wei", "The bus timetable PDF is 14 MB. On the bus. With one bar of signal.",
                    new DemoComment("tomas.novak", "A 14 MB PDF is a cry for help.")),
            ],
            Likes: ["lin.wei", "amina.haddad"], Handshakes: ["kenji.mori"]),

        new("amina.haddad", "Saturday at the covered market, stall by stall",
            "Olive oil from a family grove, the best flatbread in the district, and a fishmonger who remembers everyone's name.",
            "Culture", ["food", "markets", "neighbours"],
            """
            Go early. By nine the bakers at the north door have sold the sesame loaves, and by ten the queue at
            Rosa's fish counter reaches the flower stall.

            - **Haddad & Sons** (no relation, we checked): olive oil pressed from one family grove.
            - **Rosa's**: ask what came in this morning, and take her advice.
            - **The flatbread woman** at stall 31 has no sign and needs none.

            Bring a bag, bring cash for the older stalls, and bring time: nobody here is in a hurry, and that is
            the point.
            """,
            [
                new("kenji.mori", "Stall 31 is also where I took my favourite photo of the year. She laughed and told me to buy bread first."),
                new("margaret.okafor", "Rosa knew my late husband's order for twenty years. She still asks after me."),
            ],
            Likes: ["kenji.mori", "margaret.okafor", "lin.wei"], Handshakes: []),

        new("kenji.mori", "Twelve staircases worth climbing",
            "A photographer's guide to the city's stairs: civic, hidden, crumbling and grand.",
            "City life", ["photography", "architecture", "walking"],
            """
            Stairs are the city's most honest architecture: they tell you who was expected to climb them.

            Start at the library on Eastside (while you still can on a Friday), then the tiled stairwell of the old
            post office, the iron spiral behind the fire station, and the forty-two steps from the river to the
            market that nobody counts until they carry shopping up them.

            Take your time, look up, and say good morning to whoever is coming down.
            """,
            [
                new("tomas.novak", "The iron spiral is on my way to work and I had never noticed it. Thank you."),
            ],
            Likes: ["tomas.novak", "margaret.okafor"], Handshakes: ["amina.haddad"]),
    ];

    /// A comment with links from an account a day old at most: the moderation rules hold it for a moderator.
    public static readonly DemoComment HeldComment = new(Newcomer.Username,
        "Great post! Cheap tickets at http://tickets.example and http://deals.example and http://more.example");
}
