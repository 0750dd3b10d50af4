namespace YuLanData.Jobs.Decontamination;

/// <summary>What the <c>decontaminate</c> stage does with a document that contains benchmark text.</summary>
public enum DecontaminationMode
{
    /// <summary>Drop the whole document (datatrove style; reason <c>decontam_match</c>).</summary>
    Drop,

    /// <summary>Cut a window around each match and keep the long enough fragments (NeMo Curator style).</summary>
    Cut,

    /// <summary>Keep the document unchanged; only record the hits in its metadata.</summary>
    Annotate,
}
