export { askPeer, type PeerReply } from './ask-peer.js';
