package org.magpie.plugin.filter.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of many words in one pass over a text (Aho and Corasick, 1975), in time
 * proportional to the text plus the matches, whatever the number of words. Immutable once built.
 *
 * <p>Transitions live in one open-addressing hash table keyed by (state, char): a 10,000-word list
 * stays compact and a step costs a hash and usually one probe, with no boxing.
 */
final class AhoCorasick {

    /** Receives matches: the index of the word in the list given to the constructor, and where it ends. */
    interface Matches {
        void found(int word, int endExclusive);
    }

    private final long[] keys;
    private final int[] targets;
    private final int mask;
    /** Failure link of each state: the longest proper suffix of its path that is also a path. */
    private final int[] fail;
    /** The word that ends at each state, or -1. */
    private final int[] word;
    /** The nearest state on the failure chain (excluding itself) where a word ends, or -1. */
    private final int[] nextOutput;
    private final int[] wordLength;

    AhoCorasick(List<String> words) {
        List<Map<Character, Integer>> trie = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        trie.add(new HashMap<>());
        ends.add(-1);
        wordLength = new int[words.size()];
        for (int w = 0; w < words.size(); w++) {
            String s = words.get(w);
            wordLength[w] = s.length();
            int state = 0;
            for (int i = 0; i < s.length(); i++) {
                Integer next = trie.get(state).get(s.charAt(i));
                if (next == null) {
                    next = trie.size();
                    trie.add(new HashMap<>());
                    ends.add(-1);
                    trie.get(state).put(s.charAt(i), next);
                }
                state = next;
            }
            if (!s.isEmpty() && ends.get(state) < 0) {
                ends.set(state, w);
            }
        }
        int states = trie.size();
        int edges = states - 1;
        int capacity = Integer.highestOneBit(Math.max(4, edges * 2 - 1)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, -1L);
        targets = new int[capacity];
        mask = capacity - 1;
        word = ends.stream().mapToInt(Integer::intValue).toArray();
        fail = new int[states];
        nextOutput = new int[states];
        Arrays.fill(nextOutput, -1);
        for (int s = 0; s < states; s++) {
            for (Map.Entry<Character, Integer> e : trie.get(s).entrySet()) {
                put(s, e.getKey(), e.getValue());
            }
        }
        // breadth first, so a state's failure link is known before its children's
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : trie.get(0).values()) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (Map.Entry<Character, Integer> e : trie.get(s).entrySet()) {
                int child = e.getValue();
                int f = fail[s];
                int t;
                while ((t = get(f, e.getKey())) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[child] = t >= 0 && t != child ? t : 0;
                nextOutput[child] = word[fail[child]] >= 0 ? fail[child] : nextOutput[fail[child]];
                queue.add(child);
            }
        }
    }

    void scan(char[] text, int length, Matches matches) {
        int state = 0;
        for (int i = 0; i < length; i++) {
            char c = text[i];
            int next;
            while ((next = get(state, c)) < 0 && state != 0) {
                state = fail[state];
            }
            state = Math.max(next, 0);
            for (int s = word[state] >= 0 ? state : nextOutput[state]; s >= 0; s = nextOutput[s]) {
                matches.found(word[s], i + 1);
            }
        }
    }

    int length(int w) {
        return wordLength[w];
    }

    private void put(int state, char c, int target) {
        long key = ((long) state << 16) | c;
        int i = hash(key);
        while (keys[i] != -1L) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        targets[i] = target;
    }

    private int get(int state, char c) {
        long key = ((long) state << 16) | c;
        int i = hash(key);
        long k;
        while ((k = keys[i]) != -1L) {
            if (k == key) {
                return targets[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
