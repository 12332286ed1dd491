package org.magpie.client.service;

/** The connection as the status line shows it. */
public enum ConnectionState {
    /** Not connected and not trying. */
    OFFLINE,
    /** Connecting and logging in. */
    CONNECTING,
    /** Logged in; messages flow. */
    ONLINE,
    /** The network was lost; trying again with growing pauses. */
    RECONNECTING
}
