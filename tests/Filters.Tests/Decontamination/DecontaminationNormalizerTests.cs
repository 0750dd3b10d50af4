using YuLanData.Filters.Decontamination;

namespace YuLanData.Filters.Tests.Decontamination;

public sealed class DecontaminationNormalizerTests
{
    [Theory]
    [InlineData("Janet’s ducks lay 16 eggs per day.", "janet s ducks lay 0 eggs per day")]
    [InlineData("She made $1,000 and 3.5 cents", "she made 0 and 0 cents")]
    [InlineData("She made $1000 and 3,5 cents", "she made 0 and 0 cents")]
    [InlineData("Crème Brûlée   naïve\tCAFÉ", "creme brulee naive cafe")]
    [InlineData("well-known a+b (A) 1, 2, 3.", "well known a b a 0 0 0")]
    [InlineData("the 16th of 2024.", "the 0th of 0")]
    [InlineData("  ¿Qué?! — ", "que")]
    [InlineData("", "")]
    public void Simplifies_like_datatrove(string text, string expected) =>
        Assert.Equal(expected, DecontaminationNormalizer.Normalize(text));

    [Theory]
    [InlineData("在农业生产中，土地是", "在 农 业 生 产 中 土 地 是")]
    [InlineData("第3章：ＡＢＣ１２３と ひらがな", "第 0 章 abc0 と ひ ら か な")]
    [InlineData("RIP的最大跳数是15", "rip 的 最 大 跳 数 是 0")]
    public void Text_without_spaces_is_one_word_per_character_and_full_width_forms_fold(string text, string expected) =>
        Assert.Equal(expected, DecontaminationNormalizer.Normalize(text));

    [Fact]
    public void Reindented_code_gives_the_same_words()
    {
        const string original = "def f(x):\n    return x+1\n";
        const string reformatted = "def f( x ):\n\treturn x + 1";
        Assert.Equal(DecontaminationNormalizer.Normalize(original), DecontaminationNormalizer.Normalize(reformatted));
    }

    [Fact]
    public void Units_point_back_at_the_original_text()
    {
        const string text = "Hello, Wörld 1,000!";
        var units = new UnitBuffer();
        DecontaminationNormalizer.Units(text, NgramUnit.Words, units);
        Assert.Equal(3, units.Count);
        Assert.Equal("Wörld", text[units.Start(1)..units.End(1)]);
        Assert.Equal("1,000", text[units.Start(2)..units.End(2)]);
        Assert.Equal(DecontaminationNormalizer.NumberWordHash, units.Hashes[2]);
        DecontaminationNormalizer.Units(text, NgramUnit.Chars, units);
        Assert.Equal("helloworld0".Length, units.Count);
        Assert.Equal(DecontaminationNormalizer.NumberCharHash, units.Hashes[^1]);
    }
}
