package org.magpie.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the word filter, PID {@value WordListFilter#PID}: the {@code filter.*} keys of conf/magpie.properties. */
@ObjectClassDefinition(name = "Magpie sensitive-word filter",
        description = "Masks or blocks listed words in messages, room subjects, statuses and names.")
@interface FilterConfig {

    @AttributeDefinition(name = "Word list",
            description = "UTF-8 file, one rule a line: forms separated by |, then optionally mask or block. "
                    + "A relative path is taken from the server's home folder.")
    String words_file() default "conf/sensitive-words.txt";

    @AttributeDefinition(name = "Reload check (seconds)",
            description = "How often the word list file is checked for changes; a changed list applies at once.",
            min = "1")
    int reload_seconds() default 2;
}
