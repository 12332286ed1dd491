package org.magpie.plugin.weather.internal;

import java.util.Map;

/** The WMO weather interpretation codes the provider reports, in the two languages of the intranet. */
final class Conditions {

    private record Words(String en, String zh) {
    }

    private static final Map<Integer, Words> WORDS = Map.ofEntries(
            Map.entry(0, new Words("clear sky", "晴")),
            Map.entry(1, new Words("mainly clear", "晴间少云")),
            Map.entry(2, new Words("partly cloudy", "多云")),
            Map.entry(3, new Words("overcast", "阴")),
            Map.entry(45, new Words("fog", "雾")),
            Map.entry(48, new Words("rime fog", "雾凇")),
            Map.entry(51, new Words("light drizzle", "小毛毛雨")),
            Map.entry(53, new Words("drizzle", "毛毛雨")),
            Map.entry(55, new Words("dense drizzle", "大毛毛雨")),
            Map.entry(56, new Words("freezing drizzle", "冻毛毛雨")),
            Map.entry(57, new Words("dense freezing drizzle", "强冻毛毛雨")),
            Map.entry(61, new Words("light rain", "小雨")),
            Map.entry(63, new Words("rain", "中雨")),
            Map.entry(65, new Words("heavy rain", "大雨")),
            Map.entry(66, new Words("freezing rain", "冻雨")),
            Map.entry(67, new Words("heavy freezing rain", "强冻雨")),
            Map.entry(71, new Words("light snow", "小雪")),
            Map.entry(73, new Words("snow", "中雪")),
            Map.entry(75, new Words("heavy snow", "大雪")),
            Map.entry(77, new Words("snow grains", "米雪")),
            Map.entry(80, new Words("light showers", "小阵雨")),
            Map.entry(81, new Words("showers", "阵雨")),
            Map.entry(82, new Words("violent showers", "强阵雨")),
            Map.entry(85, new Words("snow showers", "阵雪")),
            Map.entry(86, new Words("heavy snow showers", "强阵雪")),
            Map.entry(95, new Words("thunderstorm", "雷阵雨")),
            Map.entry(96, new Words("thunderstorm with hail", "雷阵雨伴有冰雹")),
            Map.entry(99, new Words("thunderstorm with heavy hail", "雷阵雨伴有强冰雹")));

    private Conditions() {
    }

    static String describe(int code, boolean chinese) {
        Words w = WORDS.get(code);
        if (w == null) {
            return chinese ? "天气代码 " + code : "weather code " + code;
        }
        return chinese ? w.zh() : w.en();
    }
}
