namespace YuLanData.Cli.Commands;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadConfig = 2;
    public const int Quarantined = 3;
}
