// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title SealRegistry — public seal status and Merkle-batched seal events of sealdesk terminals.
/// @notice Roles: the registry admin (DEFAULT_ADMIN_ROLE) adds organisations; an organisation's
/// admins register and change the status of that organisation's seals and allow its issuer
/// terminals; issuer terminals anchor event batches and publish licence records for their
/// organisation. A licence record (电子证照) is ciphertext only: it is encrypted to its holder's key
/// before it is sent, and no personal data in the clear ever reaches this contract.
contract SealRegistry is AccessControl {
    enum Status { None, Active, Suspended, Revoked }

    struct StatusChange {
        Status status;
        uint64 effectiveAt;
    }

    struct Seal {
        bytes32 organisation;
        bytes32 certificateHash;
    }

    struct Batch {
        bytes32 root;
        uint32 count;
        uint64 anchoredAt;
        uint64 blockNumber;
        address terminal;
    }

    struct Licence {
        bytes32 organisation;
        bytes32 sealId;
        bytes32 documentHash;
        uint64 issuedAt;
        uint64 blockNumber;
        address terminal;
        bytes ciphertext;
    }

    mapping(bytes32 => Seal) private _seals;
    mapping(bytes32 => StatusChange[]) private _history;
    mapping(bytes32 => Batch) private _batches;
    mapping(bytes32 => Licence) private _licences;
    /// Hall terminals (counters, kiosks, the desk) by their chain key's address → their organisation.
    mapping(address => bytes32) private _terminals;
    /// seal → terminal → may stamp with it (decided at the desk, followed by every terminal).
    mapping(bytes32 => mapping(address => bool)) private _terminalGrants;

    event OrganisationAdded(bytes32 indexed organisation, address indexed admin);
    event IssuerAllowed(bytes32 indexed organisation, address indexed terminal, bool allowed);
    event SealRegistered(bytes32 indexed sealId, bytes32 indexed organisation, bytes32 certificateHash, address by);
    event SealStatusChanged(bytes32 indexed sealId, Status status, uint64 effectiveAt, string reason, address by);
    event BatchAnchored(bytes32 indexed batchId, bytes32 indexed organisation, bytes32 root, uint32 count, address indexed terminal);
    /// What a terminal needs to use and show a seal it did not enrol (name, type, organisation,
    /// key location, certificate chain, image) is a record kept off chain in a store every terminal
    /// reads, named by its SHA-256: this event binds that hash to the seal (docs/decisions.md).
    event SealRecordPublished(bytes32 indexed sealId, bytes32 recordHash, address by);
    /// A terminal's chain key registered (or moved) under an organisation; its record (name, kind
    /// counter|kiosk|desk, organisation id) is content-addressed like a seal record.
    event TerminalRegistered(address indexed terminal, bytes32 indexed organisation, bytes32 recordHash, address by);
    /// Whether `terminal` may stamp with `sealId`: every terminal's follower applies it before its next stamp.
    event TerminalGrantChanged(bytes32 indexed sealId, address indexed terminal, bool granted, address by);
    /// An organisation of the hall's tree created or changed at the desk: its record (id, name, level, USCC, parent) by hash.
    event OrganisationRecordPublished(bytes32 indexed organisation, bytes32 recordHash, address by);
    event LicencePublished(bytes32 indexed licenceId, bytes32 indexed organisation, bytes32 indexed sealId, bytes32 documentHash, bytes32 ciphertextHash, address terminal, bytes ciphertext);

    error UnknownSeal(bytes32 sealId);
    error SealExists(bytes32 sealId);
    error SealRevoked(bytes32 sealId);
    error InvalidStatus();
    error EffectiveTimeBeforeLastChange(uint64 effectiveAt, uint64 last);
    error BatchConflict(bytes32 batchId, bytes32 anchoredRoot);
    error EmptyBatch();
    error NotAuthorised(address account, bytes32 organisation);
    error LicenceConflict(bytes32 licenceId, bytes32 publishedCiphertextHash);
    error EmptyLicence();
    error SealNotActive(bytes32 sealId, Status status);
    error UnknownTerminal(address terminal);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function orgAdminRole(bytes32 organisation) public pure returns (bytes32) {
        return keccak256(abi.encode("sealdesk.org-admin", organisation));
    }

    function issuerRole(bytes32 organisation) public pure returns (bytes32) {
        return keccak256(abi.encode("sealdesk.issuer", organisation));
    }

    /// Org admins are granted by the registry admin; issuers by the org's own admins.
    function addOrganisation(bytes32 organisation, address admin) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRoleAdmin(issuerRole(organisation), orgAdminRole(organisation));
        _grantRole(orgAdminRole(organisation), admin);
        emit OrganisationAdded(organisation, admin);
    }

    function setIssuer(bytes32 organisation, address terminal, bool allowed) external onlyRole(orgAdminRole(organisation)) {
        if (allowed) _grantRole(issuerRole(organisation), terminal);
        else _revokeRole(issuerRole(organisation), terminal);
        emit IssuerAllowed(organisation, terminal, allowed);
    }

    function _requireOrgAdmin(bytes32 organisation) private view {
        if (!hasRole(orgAdminRole(organisation), msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert NotAuthorised(msg.sender, organisation);
        }
    }

    function registerSeal(bytes32 sealId, bytes32 organisation, bytes32 certificateHash) external {
        _requireOrgAdmin(organisation);
        if (_history[sealId].length != 0) revert SealExists(sealId);
        _seals[sealId] = Seal(organisation, certificateHash);
        _history[sealId].push(StatusChange(Status.Active, uint64(block.timestamp)));
        emit SealRegistered(sealId, organisation, certificateHash, msg.sender);
        emit SealStatusChanged(sealId, Status.Active, uint64(block.timestamp), "registered", msg.sender);
    }

    /// Binds the seal's record (its SHA-256) to a registered seal; a later record supersedes it.
    function publishSealRecord(bytes32 sealId, bytes32 recordHash) external {
        if (_history[sealId].length == 0) revert UnknownSeal(sealId);
        _requireOrgAdmin(_seals[sealId].organisation);
        emit SealRecordPublished(sealId, recordHash, msg.sender);
    }

    /// Registers a terminal under an organisation (its admins decide); moving it needs the old one's admins too.
    function registerTerminal(address terminal, bytes32 organisation, bytes32 recordHash) external {
        _requireOrgAdmin(organisation);
        bytes32 current = _terminals[terminal];
        if (current != bytes32(0) && current != organisation) _requireOrgAdmin(current);
        _terminals[terminal] = organisation;
        emit TerminalRegistered(terminal, organisation, recordHash, msg.sender);
    }

    /// Grants or withdraws a seal to a registered terminal: the seal's organisation admins decide.
    function setTerminalGrant(bytes32 sealId, address terminal, bool granted) external {
        if (_history[sealId].length == 0) revert UnknownSeal(sealId);
        _requireOrgAdmin(_seals[sealId].organisation);
        if (_terminals[terminal] == bytes32(0)) revert UnknownTerminal(terminal);
        _terminalGrants[sealId][terminal] = granted;
        emit TerminalGrantChanged(sealId, terminal, granted, msg.sender);
    }

    function terminalOf(address terminal) external view returns (bytes32 organisation) {
        return _terminals[terminal];
    }

    function terminalGranted(bytes32 sealId, address terminal) external view returns (bool) {
        return _terminalGrants[sealId][terminal];
    }

    /// Binds an organisation record of the hall's tree (its SHA-256); a later record supersedes it.
    function publishOrganisationRecord(bytes32 organisation, bytes32 recordHash) external {
        _requireOrgAdmin(organisation);
        emit OrganisationRecordPublished(organisation, recordHash, msg.sender);
    }

    /// Status changes are appended in effective-time order; a revocation is final.
    function setStatus(bytes32 sealId, Status status, uint64 effectiveAt, string calldata reason) external {
        StatusChange[] storage history = _history[sealId];
        if (history.length == 0) revert UnknownSeal(sealId);
        _requireOrgAdmin(_seals[sealId].organisation);
        if (status == Status.None) revert InvalidStatus();
        StatusChange memory last = history[history.length - 1];
        if (last.status == Status.Revoked) revert SealRevoked(sealId);
        if (effectiveAt < last.effectiveAt) revert EffectiveTimeBeforeLastChange(effectiveAt, last.effectiveAt);
        history.push(StatusChange(status, effectiveAt));
        emit SealStatusChanged(sealId, status, effectiveAt, reason, msg.sender);
    }

    function sealOf(bytes32 sealId) external view returns (bytes32 organisation, bytes32 certificateHash, Status status) {
        StatusChange[] storage history = _history[sealId];
        if (history.length == 0) return (bytes32(0), bytes32(0), Status.None);
        Seal storage seal = _seals[sealId];
        return (seal.organisation, seal.certificateHash, history[history.length - 1].status);
    }

    /// The status in force at `time` (None before registration).
    function statusAt(bytes32 sealId, uint64 time) external view returns (Status) {
        return _statusAt(sealId, time);
    }

    function _statusAt(bytes32 sealId, uint64 time) private view returns (Status) {
        StatusChange[] storage history = _history[sealId];
        for (uint256 i = history.length; i > 0; i--) {
            if (history[i - 1].effectiveAt <= time) return history[i - 1].status;
        }
        return Status.None;
    }

    function statusHistory(bytes32 sealId) external view returns (StatusChange[] memory) {
        return _history[sealId];
    }

    /// Idempotent: the same batch sent again is a no-op returning false, so a terminal that
    /// crashed after sending may send again; a different root under a known id reverts.
    function anchorBatch(bytes32 batchId, bytes32 organisation, bytes32 root, uint32 count) external returns (bool anchored) {
        if (!hasRole(issuerRole(organisation), msg.sender)) revert NotAuthorised(msg.sender, organisation);
        Batch storage existing = _batches[batchId];
        if (existing.root != bytes32(0)) {
            if (existing.root != root) revert BatchConflict(batchId, existing.root);
            return false;
        }
        if (root == bytes32(0) || count == 0) revert EmptyBatch();
        _batches[batchId] = Batch(root, count, uint64(block.timestamp), uint64(block.number), msg.sender);
        emit BatchAnchored(batchId, organisation, root, count, msg.sender);
        return true;
    }

    function batchOf(bytes32 batchId) external view returns (Batch memory) {
        return _batches[batchId];
    }

    /// Publishes an encrypted licence record, issued with an active seal of the organisation by
    /// one of its issuer terminals. Idempotent like anchorBatch: the same record sent again is a
    /// no-op returning false; other bytes under a published id revert.
    function publishLicence(bytes32 licenceId, bytes32 organisation, bytes32 sealId, bytes32 documentHash, bytes calldata ciphertext) external returns (bool published) {
        if (!hasRole(issuerRole(organisation), msg.sender)) revert NotAuthorised(msg.sender, organisation);
        Licence storage existing = _licences[licenceId];
        if (existing.issuedAt != 0) {
            bytes32 publishedHash = keccak256(existing.ciphertext);
            if (publishedHash != keccak256(ciphertext) || existing.organisation != organisation || existing.sealId != sealId || existing.documentHash != documentHash) {
                revert LicenceConflict(licenceId, publishedHash);
            }
            return false;
        }
        if (ciphertext.length == 0) revert EmptyLicence();
        if (_history[sealId].length == 0) revert UnknownSeal(sealId);
        if (_seals[sealId].organisation != organisation) revert NotAuthorised(msg.sender, organisation);
        Status status = _statusAt(sealId, uint64(block.timestamp));
        if (status != Status.Active) revert SealNotActive(sealId, status);
        _licences[licenceId] = Licence(organisation, sealId, documentHash, uint64(block.timestamp), uint64(block.number), msg.sender, ciphertext);
        emit LicencePublished(licenceId, organisation, sealId, documentHash, keccak256(ciphertext), msg.sender, ciphertext);
        return true;
    }

    /// The record under `licenceId` (issuedAt 0 when there is none): readable by any node with eth_call.
    function licenceOf(bytes32 licenceId) external view returns (Licence memory) {
        return _licences[licenceId];
    }
}
