using YuLanData.Synthesis.Scoring;
using YuLanData.Synthesis.Verification;

namespace YuLanData.Synthesis.Tests;

public class ScorerTests
{
    private static SampleVerdict Answer(string a) => new(null, Answer: a);

    [Fact]
    public void MajorityVoteKeepsTheAgreeingSamples()
    {
        var score = SeedScorer.Score([Answer("1,200"), Answer("1200"), Answer("12"), SampleVerdict.Reject("truncated"), Answer("$1200.00")], vote: true);
        Assert.Equal([null, null, "minority_answer", "truncated", null], score.SampleReasons);
        Assert.Equal("num:1200", score.MajorityAnswer);
        Assert.Equal(0.6, score.PassRate, 6);
        Assert.True(score.Accepted);
    }

    [Fact]
    public void TieRejectsAll()
    {
        var score = SeedScorer.Score([Answer("3"), Answer("4")], vote: true);
        Assert.Equal(["no_majority", "no_majority"], score.SampleReasons);
        Assert.Equal("no_majority", score.SeedReason);
        Assert.Null(score.MajorityAnswer);
    }

    [Fact]
    public void SingleSampleIsItsOwnMajority() => Assert.True(SeedScorer.Score([Answer("7")], vote: true).Accepted);

    [Fact]
    public void KnownAnswersAreNotVotedOn()
    {
        var known = new SampleVerdict(null, Answer: "5", KnownAnswer: "5");
        var wrong = new SampleVerdict("wrong_answer", Answer: "6", KnownAnswer: "5");
        var score = SeedScorer.Score([known, wrong, wrong], vote: true);
        Assert.Equal([null, "wrong_answer", "wrong_answer"], score.SampleReasons);
        Assert.Equal(1.0 / 3, score.PassRate, 6);
    }

    [Fact]
    public void RejectedSeedTakesTheMostFrequentReasonFirstSeenOnTies()
    {
        var score = SeedScorer.Score([SampleVerdict.Reject("empty"), SampleVerdict.Reject("truncated"), SampleVerdict.Reject("truncated")], vote: false);
        Assert.Equal("truncated", score.SeedReason);
        Assert.Equal("empty", SeedScorer.Score([SampleVerdict.Reject("empty"), SampleVerdict.Reject("truncated")], vote: false).SeedReason);
    }
}
