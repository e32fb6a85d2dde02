package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The home page's language from Accept-Language. */
class AcceptLanguageTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "zh-CN,zh;q=0.9,en;q=0.8 | zh",
        "en-US,en;q=0.9 | en",
        "en-US,en;q=0.9,zh-CN;q=0.8 | en",
        "fr-FR,zh;q=0.5 | zh",
        "fr-FR,de | en",
        "zh-TW | zh",
        "zh;q=0.1,en;q=0.2 | en",
        "en;q=0,zh;q=0.001 | zh",
        "*, | en",
        "'' | en",
        "zh;q=garbage,en;q=0.3 | en",
    })
    void language(String header, String expected) {
        assertEquals(expected, AcceptLanguage.choose(header));
    }

    @Test
    void missingLanguageHeaderIsEnglish() {
        assertEquals("en", AcceptLanguage.choose(null));
    }
}
