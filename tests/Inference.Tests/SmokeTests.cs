namespace YuLanData.Inference.Tests;
public class SmokeTests { [Fact] public void RepoRootFound() => Assert.True(File.Exists(Path.Combine(YuLanData.Testing.RepoPaths.Root, "YuLanData.sln"))); }
