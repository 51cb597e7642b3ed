using FactCheck.Domain.Matching;

namespace FactCheck.Domain.Tests.Matching;

public class MatchTextTests
{
    [Theory]
    [InlineData("US troops are to leave Iraq.", "US troops are to leave Iraq.")]
    [InlineData("Troops leave Iraq https://t.co/AbC123 now", "Troops leave Iraq now")]
    [InlineData("Troops leave pic.twitter.com/xYz9 Iraq", "Troops leave Iraq")]
    [InlineData("See www.example.org/story for more", "See for more")]
    [InlineData("Thanks @RepAdamSchiff for this", "Thanks Rep Adam Schiff for this")]
    [InlineData("Fires rage #AustralianFires #COVID19", "Fires rage Australian Fires COVID 19")]
    [InlineData("#NATOSummit starts", "NATO Summit starts")]
    [InlineData("e-mail me at someone@example.org", "e-mail me at someone@example.org")]
    [InlineData("The CBC deleted Trump from a film. — Brad Trost 🇨🇦 (@BradTrostCPC) December 26, 2019", "The CBC deleted Trump from a film. Brad Trost 🇨🇦")]
    [InlineData("Water for wildlife pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020", "Water for wildlife Center for Bio Div")]
    [InlineData("A dash – not a trailer (@nobody) at all", "A dash – not a trailer ( nobody ) at all")]
    public void A_text_is_read_as_plain_words(string text, string normalised) =>
        Assert.Equal(normalised, MatchText.Normalise(text));

    [Theory]
    [InlineData("The troops are in Iraq", "troops iraq")]
    [InlineData("Élysée and Élysée again", "elysee")]
    [InlineData("2,500 US troops: a 1 in 10 chance", "500 us troops 10 chance")]
    [InlineData("It's what they'd said", "said")]
    [InlineData("RT via amp twitter", "")]
    public void Terms_are_folded_words_without_function_words_each_once(string text, string terms) =>
        Assert.Equal(terms, string.Join(' ', MatchText.Terms(text)));
}
