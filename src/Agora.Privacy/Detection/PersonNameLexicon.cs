namespace Agora.Privacy.Detection;

/// <summary>Common given names and family names in Luxembourg and its neighbours (Luxembourgish, French, German,
/// Portuguese, Belgian, Italian and English usage). It is evidence, not proof: a column is read as names when many of its
/// values contain one of these words, which a product or city column rarely does.</summary>
public static class PersonNameLexicon
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        // Given names
        "adam", "adrien", "alain", "albert", "alexandre", "alexander", "alice", "aline", "ana", "andre", "andrea", "andreas",
        "anna", "anne", "antoine", "antonio", "arthur", "audrey", "ben", "benoit", "bernard", "bruno", "camille", "carla",
        "carlos", "caroline", "catherine", "charles", "charlotte", "chloe", "christian", "christine", "claire", "claude",
        "daniel", "david", "diana", "diogo", "dominique", "eduardo", "elena", "elisa", "emma", "eric", "fabienne",
        "felix", "fernando", "florian", "francesca", "francisco", "francois", "frank", "gabriel", "georges", "gilles",
        "giulia", "guy", "hannah", "helene", "henri", "ines", "isabelle", "jacques", "jan", "jean", "jeanne", "jeff",
        "jerome", "joao", "joe", "jonas", "jorge", "jose", "josiane", "julia", "julie", "julien", "karin", "katrin",
        "laura", "laurent", "lea", "leon", "liam", "lisa", "louis", "luc", "luca", "lucas", "luis", "maria", "marie",
        "mario", "marc", "marco", "mark", "martin", "mathieu", "max", "michael", "michel", "miguel", "monique", "nathalie",
        "nicolas", "noah", "olivier", "paul", "paula", "pedro", "peter", "philippe", "pierre", "raphael", "ricardo",
        "robert", "rui", "sandra", "sara", "sarah", "sebastien", "sofia", "sophie", "stefan", "stephanie", "sven",
        "thomas", "tiago", "tom", "valerie", "vincent", "yves", "claudia", "sabine", "ute", "jurgen", "klaus", "wolfgang",
        "monika", "patrick", "nadine", "carole", "tania", "serge", "romain", "gaston", "marcel", "nico", "pol", "lena",
        // Family names
        "schmit", "schmitz", "muller", "mueller", "weber", "wagner", "hoffmann", "schneider", "fischer", "meyer", "becker",
        "schulz", "koch", "richter", "klein", "wolf", "neumann", "schwarz", "braun", "hansen", "kieffer", "thill", "reuter",
        "welter", "kremer", "hoffman", "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand",
        "leroy", "moreau", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux", "vincent",
        "fournier", "morel", "girard", "andre", "mercier", "dupont", "lambert", "bonnet", "francois", "martinez", "peeters",
        "janssens", "maes", "jacobs", "mertens", "willems", "claes", "goossens", "wouters", "dubois", "silva", "santos",
        "ferreira", "pereira", "oliveira", "costa", "rodrigues", "martins", "jesus", "sousa", "fernandes", "goncalves",
        "gomes", "lopes", "marques", "alves", "almeida", "ribeiro", "pinto", "carvalho", "teixeira", "rossi", "russo",
        "ferrari", "esposito", "bianchi", "romano", "colombo", "ricci", "smith", "jones", "williams", "brown", "taylor",
        "wilson", "johnson", "davies", "evans", "walker", "wright", "thompson", "white", "hughes", "green", "hall",
    };

    /// <summary>True when the word (any case, accents already removed or not) is a known given or family name.</summary>
    public static bool Contains(string word) => Words.Contains(word) || Words.Contains(HeaderText.RemoveDiacritics(word));
}
