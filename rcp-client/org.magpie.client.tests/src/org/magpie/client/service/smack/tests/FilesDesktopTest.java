package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.DesktopScenario.background;
import static org.magpie.client.service.smack.tests.DesktopScenario.buttonByField;
import static org.magpie.client.service.smack.tests.DesktopScenario.click;
import static org.magpie.client.service.smack.tests.DesktopScenario.clientService;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.smack.SmackFileTransfers;
import org.magpie.client.service.smack.SmackMessagingService;
import org.magpie.client.service.smack.tests.DesktopClientTest.UiScript;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.GroupChatParts;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.files.FileChooser;
import org.magpie.client.ui.files.ForwardDialog;
import org.magpie.client.ui.files.ImageWindow;
import org.magpie.client.ui.login.LoginDialog;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.parts.ChatFiles;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.ContactsPart;
import org.magpie.client.ui.parts.GroupChatPart;
import org.magpie.client.ui.parts.TransferBar;
import org.magpie.client.ui.tests.Screenshots;
import org.magpie.client.ui.tests.WorkbenchHarness;
import org.osgi.framework.ServiceRegistration;

/**
 * Images and files in the desktop client against the real server (the product's workbench under
 * Xvfb): bob sends alice an image and a file; she sees the image inline as a preview and opens it
 * at full size, downloads the file and is told its SHA-256 was verified; she sends bob a 200 MB
 * file, cancels it in the middle and resumes it, and bob downloads it intact; she forwards bob's
 * file to carol (nothing uploaded again); in their group bob's image shows inline and alice's file
 * reaches bob; the contacts list previews say [Image] and [File]. The same UI in Chinese, with its
 * screenshots.
 */
class FilesDesktopTest {

    private static final String BOB = "bob@localhost";
    private static final String CAROL = "carol@localhost";
    private static final long BIG = 200L << 20;

    @TempDir
    static Path tmp;

    private static DesktopScenario scenario;

    @BeforeAll
    static void startServer() throws Exception {
        scenario = DesktopScenario.start(tmp); // every port 0: the server binds free ones and the file URLs name them
        scenario.register("alice", "Alice 爱丽丝", "bob", "Bob 鲍勃", "carol", "Carol", "lilei", "李雷", "meimei", "韩梅梅");
    }

    @AfterAll
    static void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void imagesAndFilesInChatAndGroupDownloadVerifiedResumedAndForwarded() throws Exception {
        SmackMessagingService alice = scenario.other("alice");
        SmackMessagingService bob = scenario.other("bob");
        Recorder carolHeard = new Recorder();
        SmackMessagingService carol = scenario.other("carol", carolHeard);
        befriend(alice, bob, BOB);
        befriend(alice, carol, CAROL);
        Group team = done(carol.groups().createGroup(null, "Team 团队", false));
        done(alice.groups().joinGroup(team.number()));
        done(bob.groups().joinGroup(team.number()));
        BlockingQueue<GroupMessage> bobInGroup = new LinkedBlockingQueue<>();
        bob.groups().addGroupListener(new GroupListener() {
            @Override
            public void groupMessageReceived(GroupMessage m) {
                if (!m.isNotice() && !m.own()) {
                    bobInGroup.add(m);
                }
            }
        });
        alice.logout();

        SmackFileTransfers bobFiles = new SmackFileTransfers(bob, tmp.resolve("bob-transfers"));
        SmackFileTransfers carolFiles = new SmackFileTransfers(carol, tmp.resolve("carol-transfers"));
        Path photo = image("sunset.png", 800, 600);
        Path report = random("report.bin", 3_000_000);
        Path big = random("backup.bin", BIG);
        Path minutes = random("minutes.bin", 200_000);
        Path downloads = Files.createDirectories(tmp.resolve("alice-downloads"));

        MessagingService aliceService = clientService(MessagingService.class);
        ServiceRegistration<LoginFlow> flow = scenario.logsInDirectly(aliceService, "alice");
        List<String> seen = new ArrayList<>();
        String[] state = new String[1];
        long[] pausedAt = new long[1];
        UiScript[] script = new UiScript[1];
        FileMessage[] forwarded = new FileMessage[1];
        try {
            WorkbenchHarness harness = new WorkbenchHarness();
            harness.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                Display display = running.shell().getDisplay();
                ContactsPart contacts = (ContactsPart) ((MPart) models.find(UiIds.PART_CONTACTS, app)).getObject();
                InboxPresenter inbox = running.context().get(InboxPresenter.class);
                FilesPresenter files = running.context().get(FilesPresenter.class);
                app.getContext().set(FileChooser.class, savingInto(downloads, name -> seen.add("save " + name)));
                script[0] = new UiScript(display, 240_000)
                        .step("alice is online with her friends and the group", () -> files != null
                                && contacts.viewer().getTable().getItemCount() == 2
                                && contacts.groups().viewer().getTable().getItemCount() == 1, () -> {
                                    running.context().get(MessengerPresenter.class).openChat(BOB, "Bob 鲍勃");
                                    background(() -> {
                                        done(bobFiles.send("alice@localhost", false, photo, t -> { }).finished());
                                        done(bobFiles.send("alice@localhost", false, report, t -> { }).finished());
                                    });
                                })
                        .step("bob's image shows inline and his file as a card", () -> {
                            ChatFiles f = attachments(chat(models, app));
                            state[0] = f == null ? "no chat" : "cards " + f.cards().size();
                            return f != null && f.cards().size() == 2 && f.cards().get(0).preview() != null
                                    && f.cards().get(0).preview().getImage() != null
                                    && f.cards().get(1).download() != null;
                        }, () -> {
                            ChatFiles f = attachments(chat(models, app));
                            seen.add("preview " + f.cards().get(0).preview().getImage().getBounds().width + "x"
                                    + f.cards().get(0).preview().getImage().getBounds().height);
                            seen.add("card " + f.cards().get(1).file().name() + " " + files.cards().details(f.cards().get(1).file()));
                            seen.add("bob preview: " + inbox.preview(BOB));
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(running.shell(), "files-chat-en");
                            f.cards().get(1).download().notifyListeners(SWT.Selection, new Event());
                        })
                        .step("the file is downloaded and its SHA-256 verified", () -> {
                            ChatFiles f = attachments(chat(models, app));
                            state[0] = f.cards().get(1).status().getText();
                            return state[0].contains("SHA-256 verified");
                        }, () -> {
                            ChatFiles f = attachments(chat(models, app));
                            seen.add("status " + f.cards().get(1).status().getText());
                            Screenshots.settle(display, 300);
                            Screenshots.of(chat(models, app).transcript(), "files-downloaded-en");
                            Event up = new Event();
                            up.button = 1;
                            f.cards().get(0).preview().notifyListeners(SWT.MouseUp, up); // click: full size
                        })
                        .step("the full image opens in a window", () -> imageWindow(display) != null, () -> {
                            Shell w = imageWindow(display);
                            seen.add("window " + w.getText());
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(w, "files-image-en");
                            w.close();
                            chat(models, app).sendFiles(List.of(big));
                        })
                        .step("the big upload moves", () -> {
                            List<Transfer> ts = files.transfers(BOB);
                            return ts.size() == 1 && ts.get(0).state() == Transfer.State.RUNNING
                                    && ts.get(0).transferred() > 0;
                        }, () -> {
                            TransferBar.Row row = attachments(chat(models, app)).bar().rows().get(0);
                            row.cancel.notifyListeners(SWT.Selection, new Event());
                        })
                        .step("cancelled: paused with Resume", () -> {
                            List<Transfer> ts = files.transfers(BOB);
                            return ts.size() == 1 && ts.get(0).state() == Transfer.State.PAUSED
                                    && attachments(chat(models, app)).bar().rows().get(0).resume.getVisible();
                        }, () -> {
                            Transfer t = files.transfers(BOB).get(0);
                            pausedAt[0] = t.transferred();
                            TransferBar.Row row = attachments(chat(models, app)).bar().rows().get(0);
                            seen.add("paused row: " + row.title.getText() + " | " + row.progress.getText().replaceAll("^[^/]+/", "… /")
                                    + " | cancel " + row.cancel.getVisible() + " resume " + row.resume.getVisible());
                            Screenshots.settle(display, 300);
                            Screenshots.ofClient(running.shell(), "files-transfer-paused-en");
                            row.resume.notifyListeners(SWT.Selection, new Event());
                        })
                        .step("resumed and sent: alice's own card shows", () -> {
                            ChatFiles f = attachments(chat(models, app));
                            state[0] = "transfers " + files.transfers(BOB).stream().map(t -> t.state() + " " + t.transferred()).toList()
                                    + " cards " + f.cards().size();
                            return files.transfers(BOB).isEmpty() && f.cards().size() == 3 && f.cards().get(2).file() != null;
                        }, () -> {
                            ChatFiles f = attachments(chat(models, app));
                            seen.add("own card " + f.cards().get(2).file().name() + " " + f.cards().get(2).own());
                            seen.add("bob preview after: " + inbox.preview(BOB));
                            forwarded[0] = f.cards().get(1).file();
                            MenuItem forward = item(f.cards().get(1).composite().getMenu().getItems(), "files.forward");
                            display.asyncExec(() -> forward.notifyListeners(SWT.Selection, new Event())); // modal
                        })
                        .step("the forward dialog lists friends and groups", () -> forwardDialog(display) != null, () -> {
                            ForwardDialog d = forwardDialog(display);
                            Table table = d.table();
                            List<String> rows = new ArrayList<>();
                            for (TableItem item : table.getItems()) {
                                rows.add(item.getText());
                            }
                            seen.add("targets " + rows);
                            for (int i = 0; i < table.getItemCount(); i++) {
                                if (((FilesPresenter.Target) table.getItem(i).getData()).address().equals(CAROL)) {
                                    table.setSelection(i);
                                    table.notifyListeners(SWT.Selection, new Event());
                                }
                            }
                            Screenshots.settle(display, 200);
                            Screenshots.ofClient(d.getShell(), "files-forward-en");
                            click(buttonByField(d.getShell(), "files.forward.button"));
                        })
                        .step("forwarded to carol", () -> chat(models, app).lines().contains("Forwarded to Carol."), () -> {
                            running.context().get(GroupsPresenter.class).open(team);
                            background(() -> done(bobFiles.send(team.address(), true, photo, t -> { }).finished()));
                        })
                        .step("bob's image shows inline in the group", () -> {
                            ChatFiles f = attachments(groupChat(models, app, team.address()));
                            return f != null && f.cards().size() == 1 && f.cards().get(0).preview() != null
                                    && f.cards().get(0).preview().getImage() != null;
                        }, () -> {
                            seen.add("team preview: " + inbox.preview(team.address()));
                            groupChat(models, app, team.address()).sendFiles(List.of(minutes));
                        })
                        .step("alice's file shows in the group as hers", () -> {
                            ChatFiles f = attachments(groupChat(models, app, team.address()));
                            return f.cards().size() == 2 && f.cards().get(1).own() && f.cards().get(1).download() != null;
                        }, () -> {
                            seen.add("team preview after: " + inbox.preview(team.address()));
                            Screenshots.settle(display, 400);
                            Screenshots.ofClient(running.shell(), "files-group-en");
                            running.workbench().close();
                        })
                        .start();
            }, 300_000);
            assertEquals(List.of(), harness.problems(), "window probe");
            assertEquals(List.of(), script[0].problems(), "steps; seen: " + seen + "; last: " + state[0]);
            assertEquals(List.of(
                    "preview 240x180",
                    "card report.bin 2.9 MB · BIN",
                    "bob preview: [File]",
                    "save report.bin",
                    "status Saved to report.bin. SHA-256 verified: the file is intact.",
                    "window sunset.png",
                    "paused row: Sending backup.bin | … / 200 MB · Paused | cancel false resume true",
                    "own card backup.bin true",
                    "bob preview after: [File]",
                    "targets [Carol · carol@localhost, # Team 团队 · group " + team.number() + "]",
                    "team preview: Bob 鲍勃: [Image]",
                    "team preview after: Alice 爱丽丝: [File]"), seen);
            assertArrayEquals(Files.readAllBytes(report), Files.readAllBytes(downloads.resolve("report.bin")));
            assertTrue(pausedAt[0] > 0 && pausedAt[0] < BIG, "paused in the middle: " + pausedAt[0]);

            // bob downloads the resumed 200 MB file: whole, its hash verified
            ChatMessage bigMessage = scenario.heardBy(bob).awaitMessage(WAIT);
            FileMessage bigFile = done(bobFiles.describe(bigMessage.text(), "alice@localhost", false));
            assertEquals(BIG, bigFile.size());
            assertEquals(sha256(big), bigFile.sha256());
            Transfer down = bobFiles.download(bigFile, "alice@localhost", false, tmp.resolve("bob-got/backup.bin"), t -> { });
            done(down.finished());
            assertTrue(down.verified(), "bob's copy verified");

            // carol got bob's file forwarded: the same link, and it downloads intact
            ChatMessage toCarol = carolHeard.awaitMessage(WAIT);
            assertEquals(forwarded[0].url(), toCarol.text(), "the same link: nothing uploaded again");
            Transfer carolDown = carolFiles.download(done(carolFiles.describe(toCarol.text(), "alice@localhost", false)),
                    "alice@localhost", false, tmp.resolve("carol-got/report.bin"), t -> { });
            done(carolDown.finished());
            assertTrue(carolDown.verified());

            // bob got alice's group file
            GroupMessage inGroup = bobInGroup.poll(30, TimeUnit.SECONDS);
            assertTrue(inGroup != null && inGroup.text().endsWith("/minutes.bin"), "the group file: " + inGroup);
            Transfer groupDown = bobFiles.download(done(bobFiles.describe(inGroup.text(), team.address(), true)),
                    team.address(), true, tmp.resolve("bob-got/minutes.bin"), t -> { });
            done(groupDown.finished());
            assertTrue(groupDown.verified());
            assertArrayEquals(Files.readAllBytes(minutes), Files.readAllBytes(tmp.resolve("bob-got/minutes.bin")));
        } finally {
            flow.unregister();
            aliceService.logout();
            bobFiles.close();
            carolFiles.close();
        }
    }

    /**
     * The files UI in Chinese (the system language when no language was chosen): 韩梅梅's image
     * inline and her file as a card, downloaded and verified; a paused upload with 继续; the group
     * with her image and 李雷's own file. Screenshots files-*-zh.
     */
    @Test
    void theFilesUiInChinese() throws Exception {
        SmackMessagingService lilei = scenario.other("lilei");
        SmackMessagingService meimei = scenario.other("meimei");
        done(lilei.requestFriend("meimei@localhost", null));
        FriendsTest.eventually(meimei::friendRequests, r -> !r.isEmpty());
        done(meimei.acceptRequest("lilei@localhost"));
        FriendsTest.eventually(lilei::contacts, c -> c.stream().anyMatch(x -> x.account().equals("meimei@localhost") && x.isFriend()));
        Group team = done(meimei.groups().createGroup(null, "项目组 Project", false));
        done(lilei.groups().joinGroup(team.number()));
        lilei.logout();

        SmackFileTransfers meiFiles = new SmackFileTransfers(meimei, tmp.resolve("meimei-transfers"));
        Path photo = image("garden.png", 800, 600);
        Path report = random("quarterly.bin", 3_000_000);
        Path big = random("archive.bin", 100L << 20);
        Path minutes = random("notes.bin", 200_000);
        Path downloads = Files.createDirectories(tmp.resolve("lilei-downloads"));
        String mei = "meimei@localhost";

        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
        MessagingService client = clientService(MessagingService.class);
        ServiceRegistration<LoginFlow> flow = scenario.logsInDirectly(client, "lilei");
        List<String> seen = new ArrayList<>();
        String[] state = new String[1];
        UiScript[] script = new UiScript[1];
        try {
            WorkbenchHarness harness = new WorkbenchHarness();
            harness.run(running -> {
                MApplication app = running.context().get(MApplication.class);
                EModelService models = running.context().get(EModelService.class);
                Display display = running.shell().getDisplay();
                ContactsPart contacts = (ContactsPart) ((MPart) models.find(UiIds.PART_CONTACTS, app)).getObject();
                FilesPresenter files = running.context().get(FilesPresenter.class);
                app.getContext().set(FileChooser.class, savingInto(downloads, name -> { }));
                script[0] = new UiScript(display, 180_000)
                        .step("李雷 is online with his friend and the group", () -> files != null
                                && contacts.viewer().getTable().getItemCount() == 1
                                && contacts.groups().viewer().getTable().getItemCount() == 1, () -> {
                                    running.context().get(MessengerPresenter.class).openChat(mei, "韩梅梅");
                                    background(() -> {
                                        done(meiFiles.send("lilei@localhost", false, photo, t -> { }).finished());
                                        done(meiFiles.send("lilei@localhost", false, report, t -> { }).finished());
                                    });
                                })
                        .step("her image inline and her file as a card", () -> {
                            ChatFiles f = attachments(chatWith(models, app, mei));
                            return f != null && f.cards().size() == 2 && f.cards().get(0).preview() != null
                                    && f.cards().get(0).preview().getImage() != null && f.cards().get(1).download() != null;
                        }, () -> attachments(chatWith(models, app, mei)).cards().get(1).download()
                                .notifyListeners(SWT.Selection, new Event()))
                        .step("downloaded and verified", () -> {
                            state[0] = attachments(chatWith(models, app, mei)).cards().get(1).status().getText();
                            return state[0].contains("SHA-256");
                        }, () -> {
                            ChatFiles f = attachments(chatWith(models, app, mei));
                            seen.add("status " + f.cards().get(1).status().getText());
                            seen.add("download " + f.cards().get(1).download().getText());
                            Screenshots.settle(display, 400);
                            Screenshots.ofClient(running.shell(), "files-chat-zh");
                            chatWith(models, app, mei).sendFiles(List.of(big));
                        })
                        .step("the big upload moves", () -> {
                            List<Transfer> ts = files.transfers(mei);
                            return ts.size() == 1 && ts.get(0).state() == Transfer.State.RUNNING && ts.get(0).transferred() > 0;
                        }, () -> attachments(chatWith(models, app, mei)).bar().rows().get(0).cancel
                                .notifyListeners(SWT.Selection, new Event()))
                        .step("paused with 继续", () -> {
                            List<Transfer> ts = files.transfers(mei);
                            return ts.size() == 1 && ts.get(0).state() == Transfer.State.PAUSED
                                    && attachments(chatWith(models, app, mei)).bar().rows().get(0).resume.getVisible();
                        }, () -> {
                            TransferBar.Row row = attachments(chatWith(models, app, mei)).bar().rows().get(0);
                            seen.add("paused " + row.title.getText() + " | " + row.resume.getText());
                            Screenshots.settle(display, 400);
                            Screenshots.ofClient(running.shell(), "files-transfer-paused-zh");
                            row.resume.notifyListeners(SWT.Selection, new Event());
                        })
                        .step("resumed and sent", () -> files.transfers(mei).isEmpty()
                                && attachments(chatWith(models, app, mei)).cards().size() == 3, () -> {
                                    running.context().get(GroupsPresenter.class).open(team);
                                    background(() -> done(meiFiles.send(team.address(), true, photo, t -> { }).finished()));
                                })
                        .step("her image inline in the group", () -> {
                            ChatFiles f = attachments(groupChat(models, app, team.address()));
                            return f != null && f.cards().size() == 1 && f.cards().get(0).preview() != null
                                    && f.cards().get(0).preview().getImage() != null;
                        }, () -> groupChat(models, app, team.address()).sendFiles(List.of(minutes)))
                        .step("his own file in the group", () -> {
                            ChatFiles f = attachments(groupChat(models, app, team.address()));
                            return f.cards().size() == 2 && f.cards().get(1).own() && f.cards().get(1).download() != null;
                        }, () -> {
                            Screenshots.settle(display, 400);
                            Screenshots.ofClient(running.shell(), "files-group-zh");
                            running.workbench().close();
                        })
                        .start();
            }, 240_000);
            assertEquals(List.of(), harness.problems(), "window probe");
            assertEquals(List.of(), script[0].problems(), "steps; seen: " + seen + "; last: " + state[0]);
            assertEquals(List.of(
                    "status 已保存到 quarterly.bin。SHA-256 校验通过，文件完整。",
                    "download 下载…",
                    "paused 正在发送 archive.bin | 继续"), seen);
            assertArrayEquals(Files.readAllBytes(report), Files.readAllBytes(downloads.resolve("quarterly.bin")));
        } finally {
            Locale.setDefault(before);
            flow.unregister();
            client.logout();
            meiFiles.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ChatPart chatWith(EModelService models, MApplication app, String account) {
        MPart part = ChatParts.find(models, app, account);
        return part != null && part.getObject() instanceof ChatPart chat ? chat : null;
    }

    private static void befriend(SmackMessagingService alice, SmackMessagingService other, String account)
            throws Exception {
        done(alice.requestFriend(account, null));
        FriendsTest.eventually(other::friendRequests, r -> !r.isEmpty());
        done(other.acceptRequest("alice@localhost"));
        FriendsTest.eventually(alice::contacts, c -> c.stream().anyMatch(x -> x.account().equals(account) && x.isFriend()));
    }

    private static ChatPart chat(EModelService models, MApplication app) {
        MPart part = ChatParts.find(models, app, BOB);
        return part != null && part.getObject() instanceof ChatPart chat ? chat : null;
    }

    private static GroupChatPart groupChat(EModelService models, MApplication app, String group) {
        MPart part = GroupChatParts.find(models, app, group);
        return part != null && part.getObject() instanceof GroupChatPart chat ? chat : null;
    }

    private static ChatFiles attachments(ChatPart chat) {
        return chat == null ? null : chat.attachments();
    }

    private static ChatFiles attachments(GroupChatPart chat) {
        return chat == null ? null : chat.attachments();
    }

    private static Shell imageWindow(Display display) {
        for (Shell s : display.getShells()) {
            for (Shell inner : s.getShells()) {
                if (inner.getData(ImageWindow.FILE) != null && !inner.isDisposed()) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static ForwardDialog forwardDialog(Display display) {
        for (Shell s : display.getShells()) {
            for (Shell inner : s.getShells()) {
                if (inner.getData() instanceof ForwardDialog d) {
                    return d;
                }
            }
        }
        return null;
    }

    private static MenuItem item(MenuItem[] items, String field) {
        for (MenuItem i : items) {
            if (field.equals(i.getData(LoginDialog.FIELD))) {
                return i;
            }
        }
        throw new AssertionError("no menu item " + field);
    }

    private static Path image(String name, int width, int height) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0xff, 0x8c, 0x32), 0, height, new Color(0x3a, 0x1c, 0x71)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0xff, 0xe0, 0x70));
        g.fillOval(width / 2 - 90, height / 2 - 30, 180, 180);
        g.setColor(new Color(0x20, 0x20, 0x40));
        g.fillRect(0, height * 2 / 3, width, height / 3);
        g.dispose();
        Path file = tmp.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Path random(String name, long size) throws Exception {
        Path file = tmp.resolve(name);
        Random random = new Random(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Sends nothing from dialogs and saves every download into {@code folder}, telling {@code asked} each name. */
    private static FileChooser savingInto(Path folder, java.util.function.Consumer<String> asked) {
        return new FileChooser() {
            @Override
            public List<Path> open(Shell shell, boolean images) {
                return List.of();
            }

            @Override
            public Path save(Shell shell, String name, Path lastFolder) {
                asked.accept(name);
                return folder.resolve(name);
            }
        };
    }
}
